// Preloaded (node --require) into the offline gate in tests: any connection that leaves the machine
// throws, so a test proves the gate needs no network. Loopback stays open for the policy pack's gRPC.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS preload
const net = require("net");
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const opts = typeof args[0] === "object" && args[0] !== null ? args[0] : { port: args[0], host: args[1] };
  const host = opts.path ? "unix" : (opts.host ?? "localhost");
  if (!["unix", "localhost", "127.0.0.1", "::1"].includes(host)) throw new Error(`offline gate tried to reach ${host}:${opts.port}`);
  return connect.apply(this, args);
};
