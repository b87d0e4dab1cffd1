import { createConnection, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of Postgres that plays an outage, so no test ever stops the shared server:
 * - down: nothing listens on the port (connections are refused);
 * - up: connections are forwarded to the target;
 * - blackhole: connections are accepted and never answered (a dead network), open ones dropped.
 */
export class TcpProxy {
  private server: Server | null = null;
  private mode: "up" | "blackhole" = "up";
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async up() {
    this.mode = "up";
    if (this.server) return;
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.server = server;
  }

  /** Keeps listening but forwards nothing; drops every open connection. */
  blackhole() {
    this.mode = "blackhole";
    this.dropAll();
  }

  async down() {
    this.dropAll();
    const server = this.server;
    this.server = null;
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  private accept(client: Socket) {
    this.sockets.add(client);
    client.on("close", () => this.sockets.delete(client));
    client.on("error", () => {});
    if (this.mode === "blackhole") return;
    const upstream = createConnection(this.target);
    this.sockets.add(upstream);
    upstream.on("close", () => {
      this.sockets.delete(upstream);
      client.destroy();
    });
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  }

  private dropAll() {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
