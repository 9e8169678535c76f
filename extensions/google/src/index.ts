export { Google } from "./extension.js";
export { googleSettings, type GoogleSettings } from "./settings.js";
export { PRODUCTS, SCOPES, type Product } from "./shared/products.js";
