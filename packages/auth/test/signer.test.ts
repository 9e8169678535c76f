import { describe, expect, it } from "vitest";
import { baseStringUri, normalizeParameters, percentEncode, signatureBaseString, signRequest } from "../src/oauth1/signer.js";

describe("RFC 5849 HMAC-SHA1 signing", () => {
  it("builds the signature base string of the RFC 5849 section 3.4.1 example (query, form and protocol parameters)", () => {
    const url = new URL("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b");
    const form = [...new URLSearchParams("c2&a3=2+q").entries()];
    const oauth: [string, string][] = [
      ["oauth_consumer_key", "9djdj82h48djs9d2"],
      ["oauth_token", "kkk9d7dh3k39sjv7"],
      ["oauth_signature_method", "HMAC-SHA1"],
      ["oauth_timestamp", "137131201"],
      ["oauth_nonce", "7d8f3e4a"],
    ];
    expect(signatureBaseString("POST", url, [...url.searchParams.entries(), ...form, ...oauth])).toBe(
      "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7",
    );
  });

  it("normalises parameters as in RFC 5849 section 3.4.1.3.2", () => {
    const params = [...new URLSearchParams("b5=%3D%253D&a3=a&c%40=&a2=r%20b&c2&a3=2+q").entries()];
    params.push(
      ["oauth_consumer_key", "9djdj82h48djs9d2"],
      ["oauth_token", "kkk9d7dh3k39sjv7"],
      ["oauth_signature_method", "HMAC-SHA1"],
      ["oauth_timestamp", "137131201"],
      ["oauth_nonce", "7d8f3e4a"],
    );
    expect(normalizeParameters(params)).toBe(
      "a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7",
    );
  });

  it("reproduces the signature of the RFC 5849 section 1.2 photo request", () => {
    const signed = signRequest({
      method: "GET",
      url: "http://photos.example.net/photos?file=vacation.jpg&size=original",
      credentials: { consumerKey: "dpf43f3p2l4k3l03", consumerSecret: "kd94hf93k423kf44", token: "nnch734d00sl2jdk", tokenSecret: "pfkkdhi9sl3r4s00" },
      nonce: "chapoH",
      timestamp: "137131202",
      realm: "Photos",
      version: false,
    });
    expect(signed.baseString).toBe(
      "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3DchapoH%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131202%26oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal",
    );
    expect(signed.signature).toBe("MdpQcU8iPSUjWoN/UDMsK2sui9I=");
    expect(signed.authorization).toMatch(/^OAuth realm="Photos", /);
    expect(signed.authorization).toContain('oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D"');
  });

  it("percent-encodes per RFC 3986 and drops default ports from the base URI", () => {
    expect(percentEncode("Ladies + Gentlemen*!'()~")).toBe("Ladies%20%2B%20Gentlemen%2A%21%27%28%29~");
    expect(baseStringUri(new URL("HTTP://EXAMPLE.COM:80/r%20v/X?id=123"))).toBe("http://example.com/r%20v/X");
    expect(baseStringUri(new URL("https://www.example.net:8080/?q=1"))).toBe("https://www.example.net:8080/");
  });

  it("signs a fresh nonce and timestamp each time", () => {
    const sign = () => signRequest({ method: "GET", url: "https://api.example/x", credentials: { consumerKey: "k", consumerSecret: "s" } });
    const a = sign();
    const b = sign();
    expect(a.authorization).toMatch(/oauth_nonce="[0-9a-f]{32}"/);
    expect(a.signature).not.toBe(b.signature);
  });
});
