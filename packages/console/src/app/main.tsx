import { render } from "preact";

function App() {
  return <main><h1>agx console</h1></main>;
}

render(<App />, document.getElementById("app")!);
