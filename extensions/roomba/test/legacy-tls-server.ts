/**
 * A TLS 1.2 server the way older Roomba firmware speaks it: one cipher suite (TLS_RSA_WITH_AES_128_CBC_SHA256,
 * OpenSSL's "AES128-SHA256") and a ServerHello without the renegotiation_info extension, i.e. no safe
 * renegotiation (RFC 5746). Node's own TLS server always sends that extension, so it cannot play such a
 * robot; this one is written out from RFC 5246 with node:crypto primitives. It is a test fake: one
 * handshake per connection, no resumption, no renegotiation, no client certificates.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, createPrivateKey, randomBytes, timingSafeEqual, X509Certificate } from "node:crypto";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { Duplex } from "node:stream";

const TLS12 = 0x0303;
const AES128_SHA256 = 0x003c;
const RECORD = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23 } as const;
const HANDSHAKE = { clientHello: 1, serverHello: 2, certificate: 11, serverHelloDone: 14, clientKeyExchange: 16, finished: 20 } as const;
const MAX_RECORD = 16_384;

export interface LegacyTlsOptions {
  /** PEM private key (RSA) and certificate. */
  key: string;
  cert: string;
  /** Gets the decrypted stream of each connection once the handshake is done (e.g. an MQTT broker's handle). */
  onConnection: (stream: Duplex) => void;
}

export interface LegacyTlsServer {
  server: Server;
  /** Connections whose handshake completed. */
  handshakes: number;
  /** Client hellos that did not offer AES128-SHA256, the only suite this server has. */
  refusedForCipher: number;
  sockets: Set<Socket>;
}

/** TLS 1.2 PRF with SHA-256 (RFC 5246 section 5). */
function prf(secret: Buffer, label: string, seed: Buffer, length: number): Buffer {
  const labelled = Buffer.concat([Buffer.from(label, "latin1"), seed]);
  const out: Buffer[] = [];
  let a = labelled;
  let size = 0;
  while (size < length) {
    a = createHmac("sha256", secret).update(a).digest();
    const block = createHmac("sha256", secret)
      .update(Buffer.concat([a, labelled]))
      .digest();
    out.push(block);
    size += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

const uint = (value: number, bytes: number) => {
  const b = Buffer.alloc(bytes);
  b.writeUIntBE(value, 0, bytes);
  return b;
};
const handshakeMessage = (type: number, body: Buffer) => Buffer.concat([uint(type, 1), uint(body.length, 3), body]);
const record = (type: number, fragment: Buffer) => Buffer.concat([uint(type, 1), uint(TLS12, 2), uint(fragment.length, 2), fragment]);

/** RSA PKCS#1 v1.5 decryption of the premaster secret, done with BigInt: Node refuses PKCS#1 v1.5 private decryption. */
function rsaDecryptPremaster(keyPem: string, encrypted: Buffer): Buffer | undefined {
  const jwk = createPrivateKey(keyPem).export({ format: "jwk" });
  const big = (b64: string | undefined) => BigInt(`0x${Buffer.from(b64 ?? "", "base64url").toString("hex") || "0"}`);
  const n = big(jwk.n);
  const d = big(jwk.d);
  let c = BigInt(`0x${encrypted.toString("hex") || "0"}`);
  let m = 1n;
  let e = d;
  c %= n;
  while (e > 0n) {
    if (e & 1n) m = (m * c) % n;
    c = (c * c) % n;
    e >>= 1n;
  }
  const size = Buffer.from(jwk.n ?? "", "base64url").length;
  const block = Buffer.from(m.toString(16).padStart(size * 2, "0"), "hex");
  // 00 02 <non-zero padding> 00 <48-byte premaster>
  if (block[0] !== 0 || block[1] !== 2) return undefined;
  const zero = block.indexOf(0, 2);
  const premaster = block.subarray(zero + 1);
  return premaster.length === 48 ? premaster : undefined;
}

/** Reads whole TLS records off a byte stream. */
class RecordReader {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Array<{ type: number; fragment: Buffer }> {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    const records: Array<{ type: number; fragment: Buffer }> = [];
    while (this.buffered.length >= 5) {
      const length = this.buffered.readUInt16BE(3);
      if (this.buffered.length < 5 + length) break;
      records.push({ type: this.buffered[0]!, fragment: this.buffered.subarray(5, 5 + length) });
      this.buffered = this.buffered.subarray(5 + length);
    }
    return records;
  }
}

interface Keys {
  clientMac: Buffer;
  serverMac: Buffer;
  clientKey: Buffer;
  serverKey: Buffer;
}

/** MAC of one record (RFC 5246 6.2.3.1): sequence number, type, version, length, content. */
function recordMac(key: Buffer, seq: bigint, type: number, content: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeBigUInt64BE(seq, 0);
  header.writeUInt8(type, 8);
  header.writeUInt16BE(TLS12, 9);
  header.writeUInt16BE(content.length, 11);
  return createHmac("sha256", key).update(header).update(content).digest();
}

/** One client connection: the handshake, then application data both ways through a Duplex. */
function serve(socket: Socket, options: LegacyTlsOptions, stats: LegacyTlsServer): void {
  const reader = new RecordReader();
  const transcript: Buffer[] = [];
  const serverRandom = randomBytes(32);
  let clientRandom: Buffer = Buffer.alloc(0);
  let handshakeBytes: Buffer = Buffer.alloc(0);
  let master: Buffer = Buffer.alloc(0);
  let keys: Keys | undefined;
  let clientEncrypted = false;
  let clientSeq = 0n;
  let serverSeq = 0n;
  let app: Duplex | undefined;

  const fail = (description: number) => {
    socket.end(record(RECORD.alert, Buffer.from([2, description])));
    socket.destroy();
  };

  const encrypt = (type: number, content: Buffer): Buffer => {
    const mac = recordMac(keys!.serverMac, serverSeq++, type, content);
    const plain = Buffer.concat([content, mac]);
    const padLength = (16 - ((plain.length + 1) % 16)) % 16;
    const iv = randomBytes(16);
    const cipher = createCipheriv("aes-128-cbc", keys!.serverKey, iv).setAutoPadding(false);
    return Buffer.concat([iv, cipher.update(Buffer.concat([plain, Buffer.alloc(padLength + 1, padLength)])), cipher.final()]);
  };

  const decrypt = (type: number, fragment: Buffer): Buffer | undefined => {
    if (fragment.length < 16 + 48 || (fragment.length - 16) % 16 !== 0) return undefined;
    const decipher = createDecipheriv("aes-128-cbc", keys!.clientKey, fragment.subarray(0, 16)).setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(fragment.subarray(16)), decipher.final()]);
    const padLength = plain[plain.length - 1]!;
    const end = plain.length - padLength - 1 - 32;
    if (end < 0) return undefined;
    const content = plain.subarray(0, end);
    const expected = recordMac(keys!.clientMac, clientSeq++, type, content);
    return timingSafeEqual(plain.subarray(end, end + 32), expected) ? content : undefined;
  };

  const sendHandshake = (messages: Buffer[], encrypted = false) => {
    transcript.push(...messages);
    const body = Buffer.concat(messages);
    socket.write(record(RECORD.handshake, encrypted ? encrypt(RECORD.handshake, body) : body));
  };

  const onHandshake = (type: number, body: Buffer, raw: Buffer): boolean => {
    if (type === HANDSHAKE.clientHello && !keys) {
      clientRandom = Buffer.from(body.subarray(2, 34));
      const sessionIdLength = body[34]!;
      const suitesAt = 35 + sessionIdLength;
      const suites = body.subarray(suitesAt + 2, suitesAt + 2 + body.readUInt16BE(suitesAt));
      const offered = Array.from({ length: suites.length / 2 }, (_, i) => suites.readUInt16BE(i * 2));
      if (!offered.includes(AES128_SHA256)) {
        stats.refusedForCipher++;
        fail(40); // handshake_failure
        return false;
      }
      transcript.push(raw);
      // No extensions at all: in particular no renegotiation_info, which is what RFC 5746 adds.
      const hello = Buffer.concat([uint(TLS12, 2), serverRandom, uint(0, 1), uint(AES128_SHA256, 2), uint(0, 1)]);
      const der = new X509Certificate(options.cert).raw;
      const certificate = Buffer.concat([uint(der.length + 3, 3), uint(der.length, 3), der]);
      sendHandshake([
        handshakeMessage(HANDSHAKE.serverHello, hello),
        handshakeMessage(HANDSHAKE.certificate, certificate),
        handshakeMessage(HANDSHAKE.serverHelloDone, Buffer.alloc(0)),
      ]);
      return true;
    }
    if (type === HANDSHAKE.clientKeyExchange && clientRandom.length && !keys) {
      const premaster = rsaDecryptPremaster(options.key, body.subarray(2, 2 + body.readUInt16BE(0)));
      if (!premaster) {
        fail(51); // decrypt_error
        return false;
      }
      transcript.push(raw);
      master = prf(premaster, "master secret", Buffer.concat([clientRandom, serverRandom]), 48);
      const block = prf(master, "key expansion", Buffer.concat([serverRandom, clientRandom]), 96);
      keys = { clientMac: block.subarray(0, 32), serverMac: block.subarray(32, 64), clientKey: block.subarray(64, 80), serverKey: block.subarray(80, 96) };
      return true;
    }
    if (type === HANDSHAKE.finished && clientEncrypted && !app) {
      const expected = prf(master, "client finished", createHash("sha256").update(Buffer.concat(transcript)).digest(), 12);
      if (body.length !== 12 || !timingSafeEqual(body, expected)) {
        fail(51);
        return false;
      }
      transcript.push(raw);
      socket.write(record(RECORD.changeCipherSpec, Buffer.from([1])));
      const verify = prf(master, "server finished", createHash("sha256").update(Buffer.concat(transcript)).digest(), 12);
      sendHandshake([handshakeMessage(HANDSHAKE.finished, verify)], true);
      stats.handshakes++;
      app = new Duplex({
        read() {},
        write(chunk: Buffer, _encoding, done) {
          for (let i = 0; i < chunk.length; i += MAX_RECORD)
            socket.write(record(RECORD.applicationData, encrypt(RECORD.applicationData, chunk.subarray(i, i + MAX_RECORD))));
          done();
        },
        final(done) {
          socket.end();
          done();
        },
        destroy(error, done) {
          socket.destroy();
          done(error);
        },
      });
      options.onConnection(app);
      return true;
    }
    fail(10); // unexpected_message
    return false;
  };

  socket.on("error", () => undefined);
  socket.on("close", () => app?.destroy());
  socket.on("data", (chunk: Buffer) => {
    for (const { type, fragment } of reader.push(chunk)) {
      const content = clientEncrypted ? decrypt(type, fragment) : fragment;
      if (!content) return fail(20); // bad_record_mac
      if (type === RECORD.alert) return socket.destroy();
      if (type === RECORD.changeCipherSpec) {
        if (!keys) return fail(10);
        clientEncrypted = true;
      } else if (type === RECORD.handshake) {
        handshakeBytes = Buffer.concat([handshakeBytes, content]);
        while (handshakeBytes.length >= 4 && handshakeBytes.length >= 4 + handshakeBytes.readUIntBE(1, 3)) {
          const length = handshakeBytes.readUIntBE(1, 3);
          const raw = handshakeBytes.subarray(0, 4 + length);
          handshakeBytes = handshakeBytes.subarray(4 + length);
          if (!onHandshake(raw[0]!, raw.subarray(4), raw)) return;
        }
      } else if (type === RECORD.applicationData && app) {
        app.push(content);
      } else return fail(10);
    }
  });
}

/** Starts the server on 127.0.0.1 with an ephemeral port. */
export async function startLegacyTlsServer(options: LegacyTlsOptions): Promise<LegacyTlsServer & { port: number }> {
  const sockets = new Set<Socket>();
  const stats: LegacyTlsServer = { server: undefined as unknown as Server, handshakes: 0, refusedForCipher: 0, sockets };
  stats.server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    serve(socket, options, stats);
  });
  await new Promise<void>((resolve) => stats.server.listen(0, "127.0.0.1", resolve));
  return Object.assign(stats, { port: (stats.server.address() as AddressInfo).port });
}
