import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

/**
 * One process per embedded database folder (docs/decisions/015-embedded-database-lock.md).
 *
 * The holder listens on a Unix domain socket in the folder. The kernel ends the listener with the
 * process, however it ends (`kill -9` included), so a lock can never outlive its holder: a second
 * opener that can connect knows the folder is held (and the holder tells it who it is); a refused
 * connection means the file was left by a process that is gone. Creating the socket is atomic
 * (bind fails on an existing path), so two openers can never both create it; removing a stale
 * one is serialised by a small guard file, and re-checked under it, so that no opener ever
 * removes a live one.
 */

export const LOCK_FILE = ".hai-long.lock";
const GUARD_FILE = ".hai-long.lock.steal";
// sockaddr_un holds 108 bytes; Node silently truncates a longer path to another file.
const MAX_SOCKET_PATH = 100;
// How long a holder has to say who it is; only the message depends on it, never the refusal.
const HOLDER_REPLY_MS = 3000;
const GUARD_RETRIES = 600;

export type LockHolder = { pid: number; command: string; since: string };

export type DataDirLock = {
  /** The folder, resolved. */
  dir: string;
  release(): Promise<void>;
};

export class DataDirHeldError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder | null,
  ) {
    const who = holder
      ? `process ${holder.pid} (${holder.command}, since ${holder.since})`
      : "another process (it did not say which)";
    super(`The embedded database in ${dir} is in use by ${who}: stop that process first, or set DATA_DIR to another folder.`);
    this.name = "DataDirHeldError";
  }
}

type Entry = { server: net.Server; socketPath: string; inode: number; refs: number; holder: LockHolder };

// Shared by every copy of this module in the process (Next loads its own copies next to the
// server's), so that the process takes each folder's lock once.
type Registry = { entries: Map<string, Promise<Entry>>; held: Set<Entry>; exitHook: boolean };
const registryKey = Symbol.for("hai-long.data-dir-locks");
function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  return (g[registryKey] ??= { entries: new Map(), held: new Set(), exitHook: false });
}

function describeCommand(): string {
  const [, script, ...args] = process.argv;
  const shown = script ? path.relative(process.cwd(), script) || script : process.title;
  return [shown, ...args].join(" ").slice(0, 200);
}

/** The path to bind and connect: absolute when it fits in a socket address, else relative to the working folder. */
function socketAddress(file: string): string {
  if (Buffer.byteLength(file) <= MAX_SOCKET_PATH) return file;
  const relative = path.relative(process.cwd(), file);
  if (Buffer.byteLength(relative) <= MAX_SOCKET_PATH && !relative.startsWith("..")) return relative;
  throw new Error(`the path ${file} is too long for the lock of the embedded database (at most ${MAX_SOCKET_PATH} bytes): use a shorter DATA_DIR`);
}

type Probe = { state: "live"; holder: LockHolder | null } | { state: "stale" } | { state: "gone" };

/** Whether a process listens on the socket file, and who it says it is. */
function probe(address: string): Promise<Probe> {
  return new Promise((resolve) => {
    const socket = net.connect(address);
    let connected = false;
    let data = "";
    const finish = () => {
      socket.destroy();
      clearTimeout(timer);
      let holder: LockHolder | null = null;
      try {
        const parsed = JSON.parse(data) as Partial<LockHolder>;
        if (typeof parsed.pid === "number") holder = { pid: parsed.pid, command: String(parsed.command ?? "?"), since: String(parsed.since ?? "?") };
      } catch {
        // a holder that did not answer in time is still a holder
      }
      resolve({ state: "live", holder });
    };
    const timer = setTimeout(() => (connected ? finish() : undefined), HOLDER_REPLY_MS);
    socket.setEncoding("utf8");
    socket.on("connect", () => {
      connected = true;
    });
    socket.on("data", (chunk: string) => {
      data += chunk;
      if (data.length > 4096) finish();
    });
    socket.on("end", finish);
    socket.on("error", (err: NodeJS.ErrnoException) => {
      if (connected) return finish();
      clearTimeout(timer);
      socket.destroy();
      if (err.code === "ECONNREFUSED") resolve({ state: "stale" });
      else if (err.code === "ENOENT") resolve({ state: "gone" });
      // Anything else (a full backlog, a permission) is not proof that nobody holds it.
      else resolve({ state: "live", holder: null });
    });
  });
}

function listen(address: string, holder: LockHolder): Promise<net.Server | "in_use"> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((connection) => {
      connection.on("error", () => {});
      connection.end(`${JSON.stringify(holder)}\n`);
    });
    server.once("error", (err: NodeJS.ErrnoException) => (err.code === "EADDRINUSE" ? resolve("in_use") : reject(err)));
    server.listen(address, () => {
      server.removeAllListeners("error");
      server.on("error", () => {});
      // The lock must not keep a finished command-line tool alive.
      server.unref();
      resolve(server);
    });
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Removes a stale socket file under the guard. Returns when this opener may try to bind again
 * (whether it removed the file, found it gone, or found it live: binding decides).
 */
async function removeStale(dir: string, address: string): Promise<void> {
  const guard = path.join(dir, GUARD_FILE);
  const mark = `${process.pid} ${crypto.randomBytes(8).toString("hex")}`;
  for (let attempt = 0; attempt < GUARD_RETRIES; attempt++) {
    try {
      fs.writeFileSync(guard, mark, { flag: "wx" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      clearDeadGuard(guard);
      await sleep(10 + Math.floor(Math.random() * 20));
      continue;
    }
    try {
      // Under the guard nobody else removes the file, and nobody can bind while it exists: if it
      // is still refused now, it is the stale one.
      if ((await probe(address)).state === "stale") fs.rmSync(address, { force: true });
    } finally {
      fs.rmSync(guard, { force: true });
    }
    return;
  }
  throw new Error(`the lock of the embedded database in ${dir} is being taken over by another process for too long (${guard})`);
}

/**
 * A guard left by a process killed during the few system calls of a removal. It is moved away
 * atomically and checked: what was moved is put back if it turns out to be someone's live guard.
 */
function clearDeadGuard(guard: string): void {
  let content: string;
  try {
    content = fs.readFileSync(guard, "utf8");
  } catch {
    return;
  }
  const pid = Number(content.split(" ")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || isRunning(pid)) return;
  const aside = `${guard}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
  try {
    fs.renameSync(guard, aside);
  } catch {
    return;
  }
  try {
    if (fs.readFileSync(aside, "utf8") !== content) fs.linkSync(aside, guard);
  } catch {
    // EEXIST: a newer guard is in place; ours was the stale one after all.
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

async function take(dir: string): Promise<Entry> {
  const file = path.join(dir, LOCK_FILE);
  const address = socketAddress(file);
  const holder: LockHolder = { pid: process.pid, command: describeCommand(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < GUARD_RETRIES; attempt++) {
    const server = await listen(address, holder);
    if (server !== "in_use") {
      const entry: Entry = { server, socketPath: file, inode: fs.statSync(file).ino, refs: 0, holder };
      registry().held.add(entry);
      installExitHook();
      return entry;
    }
    const found = await probe(address);
    if (found.state === "live") throw new DataDirHeldError(dir, found.holder);
    if (found.state === "stale") await removeStale(dir, address);
  }
  throw new Error(`could not take the lock of the embedded database in ${dir}`);
}

// Only at exit: the listener is still open, so nobody can have bound a new file at the path.
function unlinkIfOurs(entry: Entry): void {
  try {
    if (fs.statSync(entry.socketPath).ino === entry.inode) fs.rmSync(entry.socketPath, { force: true });
  } catch {
    // already gone
  }
}

// A process that exits without closing its database leaves no stale file behind either.
function installExitHook(): void {
  const reg = registry();
  if (reg.exitHook) return;
  reg.exitHook = true;
  process.on("exit", () => {
    for (const entry of reg.held) unlinkIfOurs(entry);
  });
}

/**
 * Takes the folder's lock for this process, or throws DataDirHeldError naming the holder. A
 * process may take it several times (the server holds it from seeding through serving while
 * its database is opened and closed); it is let go when every hold is released.
 */
export async function holdDataDir(folder: string): Promise<DataDirLock> {
  fs.mkdirSync(folder, { recursive: true });
  const dir = fs.realpathSync(folder);
  const reg = registry();
  let pending = reg.entries.get(dir);
  if (!pending) {
    pending = take(dir);
    reg.entries.set(dir, pending);
    pending.catch(() => reg.entries.delete(dir));
  }
  const entry = await pending;
  entry.refs++;
  let released = false;
  return {
    dir,
    async release() {
      if (released) return;
      released = true;
      entry.refs--;
      if (entry.refs > 0) return;
      reg.entries.delete(dir);
      reg.held.delete(entry);
      // Closing removes the file, before the descriptor (libuv), so never a newer holder's file.
      await new Promise<void>((resolve) => entry.server.close(() => resolve()));
    },
  };
}
