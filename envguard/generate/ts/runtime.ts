// ---- envguard check, ported (envguard/generate/ts/runtime.ts) -------------------------
// The checks `envguard check` runs on one environment's values, for a zod schema to give
// the same verdict. Messages describe the expectation, never the value.

export interface VarSpec {
  type: string;
  required: boolean | string[];
  has_default: boolean;
  default?: string;
  platform: boolean;
  secret: boolean;
  public: boolean;
  values: string[];
  min?: number;
  max?: number;
  min_length?: number;
  max_length?: number;
  pattern?: string;
  prefix: string[];
  bytes?: number;
  credential: string[];
  items?: string;
  separator: string;
  schemes: string[];
  env: Record<string, Partial<VarSpec>>;
}

export interface CredentialFormat {
  provider: string;
  name: string;
  regex: string;
  keywords: string[];
  secret: boolean;
  severity: string;
  modes: Record<string, string>;
  checks: string[];
  in_schema: boolean;
}

export interface Rule {
  kind: string;
  keys: string[];
  if_set: string[];
  environments: string[];
  severity: string;
  compare: string[];
  ignore: string[];
  strict: boolean;
}

export interface SchemaData {
  environments: readonly string[];
  live_environments: string[];
  vars: Record<string, VarSpec>;
  credentials: Record<string, CredentialFormat>;
  rules: Rule[];
  browser_prefixes: string[];
  platform_prefixes: string[];
  /** Browser-exposed variables the built-in providers declare and the schema does not. */
  catalog_vars: Record<string, Pick<VarSpec, "secret" | "public" | "credential">>;
  placeholder: [string, string];
}

export type Source = Record<string, string | undefined>;
export type Problem = { key: string; message: string };

const LOCAL_ENVIRONMENTS = ["development", "dev", "local", "test"];
const LOCAL_HOSTS = ["localhost", "127.0.0.1", "0.0.0.0", "::1", "host.docker.internal"];
const GENERIC_KEYWORDS = ["http", "http://", "https://"];
const TRUE_WORDS = ["true", "1", "yes", "on", "y", "t", "enabled"];
const FALSE_WORDS = ["false", "0", "no", "off", "n", "f", "disabled", ""];
const STRONG_WORD = /SECRET|PASSWORD|PASSWD|PASSPHRASE|PRIVATE|TOKEN|CREDENTIAL/i;
const INTEGER = /^[+-]?[0-9]+$/;
const NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/;
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/;
const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const CLERK_DEV_HOST = /^(([a-z]+)-){2}([0-9]{1,2})\.clerk\.accounts([a-z.]*)(dev|com)$/i;

const compiled = new Map<string, RegExp>();
function re(source: string, whole: boolean, flags = ""): RegExp {
  const id = `${whole ? "^" : ""}${flags}/${source}`;
  let found = compiled.get(id);
  if (found === undefined) {
    found = new RegExp(whole ? `^(?:${source})$` : source, flags);
    compiled.set(id, found);
  }
  return found;
}

function length(value: string): number {
  return [...value].length; // code points, as Python's len()
}

function strip(value: string): string {
  return value.trim();
}

export function isPlaceholder(data: SchemaData, value: string): boolean {
  return value !== "" && re(data.placeholder[0], false, data.placeholder[1]).test(strip(value));
}

export function isBrowserExposed(data: SchemaData, key: string): boolean {
  return data.browser_prefixes.some((p) => key.startsWith(p));
}

export function specFor(data: SchemaData, key: string, environment: string): VarSpec | undefined {
  const spec = data.vars[key];
  if (spec === undefined || !(environment in spec.env)) return spec;
  return { ...spec, ...spec.env[environment] };
}

function isRequired(spec: VarSpec, environment: string): boolean {
  return typeof spec.required === "boolean" ? spec.required : spec.required.includes(environment);
}

export function parseBool(value: string): boolean {
  const word = strip(value).toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  throw new Error("not a boolean");
}

export function parseDuration(value: string): number {
  const m = DURATION.exec(strip(value));
  if (!m) throw new Error("not a duration");
  return Number(m[1]) * DURATION_UNITS[m[2]];
}

// -- urllib.parse.urlsplit, the parts envguard reads --------------------------------
interface Url { scheme: string; username: string | null; hostname: string | null; port: number | null; path: string }

function urlsplit(value: string): Url {
  let rest = value;
  let scheme = "";
  const sm = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (sm) {
    scheme = sm[1].toLowerCase();
    rest = rest.slice(sm[0].length);
  }
  let netloc = "";
  if (rest.startsWith("//")) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, 2 + end);
    rest = end < 0 ? "" : rest.slice(2 + end);
  }
  const path = rest.split(/[?#]/)[0];
  if ((netloc.includes("[") && !netloc.includes("]")) || (netloc.includes("]") && !netloc.includes("["))) {
    throw new Error("Invalid IPv6 URL");
  }
  const at = netloc.lastIndexOf("@");
  const userinfo = at >= 0 ? netloc.slice(0, at) : null;
  const hostport = at >= 0 ? netloc.slice(at + 1) : netloc;
  let host = hostport;
  let portText: string | null = null;
  if (hostport.startsWith("[")) {
    const close = hostport.indexOf("]");
    host = hostport.slice(1, close);
    const after = hostport.slice(close + 1);
    if (after.startsWith(":")) portText = after.slice(1);
  } else {
    const colon = hostport.lastIndexOf(":");
    if (colon >= 0) {
      host = hostport.slice(0, colon);
      portText = hostport.slice(colon + 1);
    }
  }
  let port: number | null = null;
  if (portText !== null && portText !== "") {
    if (!/^[0-9]+$/.test(portText) || Number(portText) > 65535) throw new Error("Port out of range");
    port = Number(portText);
  }
  const username = userinfo === null ? null : userinfo.split(":")[0];
  return { scheme, username, hostname: host === "" ? null : host.toLowerCase(), port, path };
}

function urlProblem(value: string, schemes: string[], what: string): string | null {
  let parts: Url;
  try {
    parts = urlsplit(value);
  } catch {
    return `must be ${what}`;
  }
  if (!parts.scheme || !value.toLowerCase().startsWith(`${parts.scheme}://`) || !parts.hostname) {
    return `must be ${what} (scheme://host...)`;
  }
  if (schemes.length && !schemes.includes(parts.scheme)) {
    return `must be ${what} (scheme ${schemes.join(" or ")})`;
  }
  return null;
}

const SIMPLE: Record<string, (v: string) => string | null> = {
  string: () => null,
  int: (v) => (INTEGER.test(strip(v)) ? null : "must be an integer"),
  float: (v) => (NUMBER.test(strip(v)) ? null : "must be a number"),
  bool: (v) => {
    try {
      parseBool(v);
      return null;
    } catch {
      return "must be a boolean (true/false, 1/0, yes/no, on/off)";
    }
  },
  port: (v) => {
    const t = strip(v);
    return INTEGER.test(t) && !"+-".includes(t[0]) && Number(t) >= 1 && Number(t) <= 65535
      ? null : "must be a port number (1-65535)";
  },
  email: (v) => (EMAIL.test(v) ? null : "must be an email address"),
  duration: (v) => {
    try {
      parseDuration(v);
      return null;
    } catch {
      return "must be a duration such as 30s, 15m, 24h or 30d";
    }
  },
  json: (v) => {
    try {
      JSON.parse(v);
      return null;
    } catch {
      return "must be valid JSON";
    }
  },
  regex: (v) => {
    try {
      new RegExp(v);
      return null;
    } catch {
      return "must be a valid regular expression";
    }
  },
  url: (v) => urlProblem(v, [], "a URL"),
  https_url: (v) => urlProblem(v, ["https"], "an https URL"),
  postgres_url: (v) => urlProblem(v, ["postgres", "postgresql"], "a postgres URL"),
  redis_url: (v) => urlProblem(v, ["redis", "rediss"], "a redis URL"),
};

function b64decode(part: string): Uint8Array | null {
  const text = part.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  if (!/^[A-Za-z0-9+/]*$/.test(text) || text.length % 4 === 1) return null;
  const bytes: number[] = [];
  let bits = 0;
  let acc = 0;
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (const c of text) {
    acc = (acc << 6) | alphabet.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  return new Uint8Array(bytes);
}

function decodedLength(value: string, encoding: string): number | null {
  if (encoding === "hex") {
    return value.length % 2 || !/^[0-9a-fA-F]*$/.test(value) ? null : value.length / 2;
  }
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) return null;
  const body = value.replace(/=+$/, "");
  if (body.length % 4 === 1) return null;
  const padded = value + "=".repeat((4 - (value.length % 4)) % 4);
  if (!(value.includes("-") || value.includes("_")) && !/^[A-Za-z0-9+/]*={0,2}$/.test(padded)) return null;
  const decoded = b64decode(body);
  return decoded === null ? null : decoded.length;
}

function utf8(bytes: Uint8Array | null): string | null {
  if (bytes === null) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function jsonObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const data: unknown = JSON.parse(text);
    return data !== null && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc ^= text.charCodeAt(i);
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pyStr(value: unknown): string {
  if (value === true) return "True";
  if (value === false) return "False";
  if (value === null) return "None";
  return String(value);
}

const STRUCTURE: Record<string, (value: string, arg: string | null) => string | null> = {
  jwt: (value, arg) => {
    const parts = value.split(".");
    const header = parts.length === 3 ? jsonObject(utf8(b64decode(parts[0]))) : null;
    const payload = parts.length === 3 ? jsonObject(utf8(b64decode(parts[1]))) : null;
    if (header === null || payload === null) return "is not a well-formed JWT";
    if (arg === null) return null;
    const [claim, ...rest] = arg.split("=");
    const expected = rest.join("=");
    const actual = payload[claim];
    if (actual === undefined || pyStr(actual) !== expected) return `is a JWT without ${claim}=${expected}`;
    return null;
  },
  "clerk-publishable": (value) => {
    const parts = value.split("_");
    const body = parts.length >= 3 ? parts.slice(2).join("_") : parts[parts.length - 1];
    const decoded = b64decode(body);
    const host = decoded && decoded.every((b) => b < 128) ? String.fromCharCode(...decoded) : "";
    if (!host.endsWith("$") || !host.includes(".")) return "does not decode to a Clerk frontend API host ending in '$'";
    const development = CLERK_DEV_HOST.test(host.slice(0, -1));
    if (value.startsWith("pk_test_") && !development) return "is a pk_test_ key for a production Clerk host";
    if (value.startsWith("pk_live_") && development) return "is a pk_live_ key for a development Clerk host";
    return null;
  },
  "crc32-base62": (value) => {
    if (value.length !== 40 || value[3] !== "_") return "has the wrong length for a checksummed token";
    const body = value.slice(4, -6);
    const chk = value.slice(-6);
    if ([...body, ...chk].some((c) => !B62.includes(c))) return "has characters outside base62";
    let n = 0;
    for (const c of chk) n = n * 62 + B62.indexOf(c);
    return crc32(body) === n ? null : "fails its CRC32 checksum";
  },
  "base64-json": (value, arg) => {
    const body = value.slice(0, 8).includes("_") ? value.slice(value.indexOf("_") + 1) : value;
    for (const candidate of [body, body.split("_")[0]]) {
      const data = jsonObject(utf8(b64decode(candidate)));
      if (data !== null) {
        const missing = (arg ?? "").split(",").filter((f) => f && !(f in data));
        return missing.length ? `decodes to JSON without ${missing.join(", ")}` : null;
      }
    }
    return "does not decode to a base64 JSON object";
  },
};

function runCheck(spec: string, value: string): string | null {
  const colon = spec.indexOf(":");
  const name = colon < 0 ? spec : spec.slice(0, colon);
  const arg = colon < 0 ? null : spec.slice(colon + 1) || null;
  return STRUCTURE[name](value, arg);
}

function matches(fmt: CredentialFormat, value: string): boolean {
  return re(fmt.regex, true).test(value) && !fmt.checks.some((c) => runCheck(c, value) !== null);
}

function modeOf(fmt: CredentialFormat, value: string): string | null {
  const m = re(fmt.regex, true).exec(value) ?? re(fmt.regex, false).exec(value);
  const marker = m?.groups?.mode;
  if (marker === undefined) return null;
  return fmt.modes[marker] ?? (marker === "live" || marker === "test" ? marker : null);
}

function declaredFormat(data: SchemaData, credential: string[], value: string): CredentialFormat | null {
  for (const id of credential) {
    const fmt = data.credentials[id];
    if (re(fmt.regex, true).test(value)) return fmt;
  }
  return null;
}

interface IdentifyOptions { secretOnly?: boolean; errorsOnly?: boolean; moded?: boolean; distinctive?: boolean; schemaOnly?: boolean }

function identify(data: SchemaData, value: string, key: string, opts: IdentifyOptions): CredentialFormat | null {
  const distinctive = opts.distinctive ?? true;
  const found: CredentialFormat[] = [];
  for (const fmt of Object.values(data.credentials)) {
    if (opts.schemaOnly && !fmt.in_schema) continue;
    if ((opts.secretOnly && !fmt.secret) || (opts.errorsOnly && fmt.severity !== "error")) continue;
    if (distinctive && !(fmt.keywords.length && fmt.keywords.some((k) => value.includes(k))
      && !fmt.keywords.some((k) => GENERIC_KEYWORDS.includes(k)))) continue;
    if (opts.moded && !fmt.regex.includes("(?<mode>")) continue;
    if (matches(fmt, value)) found.push(fmt);
  }
  const upper = key.toUpperCase();
  const rank = (f: CredentialFormat) => (upper.includes(f.provider.toUpperCase()) ? 0 : 2) + (f.secret ? 0 : 1);
  found.sort((a, b) => rank(a) - rank(b));
  return found[0] ?? null;
}

function typeProblem(spec: VarSpec, value: string): string | null {
  const kind = spec.type;
  if (kind in SIMPLE) {
    if (kind === "url" && spec.schemes.length) return urlProblem(value, spec.schemes, "a URL");
    return SIMPLE[kind](value);
  }
  if (kind === "enum") return spec.values.includes(value) ? null : `must be one of: ${spec.values.join(", ")}`;
  if (kind === "hex" || kind === "base64" || kind === "hex_or_base64") {
    const encodings = kind === "hex_or_base64" ? ["hex", "base64"] : [kind];
    const lengths = encodings.map((e) => decodedLength(value, e));
    const what = encodings.join(" or ");
    if (lengths.every((n) => n === null)) return `must be ${what}`;
    if (spec.bytes !== undefined && !lengths.includes(spec.bytes)) return `must be ${what} of exactly ${spec.bytes} bytes`;
    return null;
  }
  if (kind === "list") {
    const check = SIMPLE[spec.items ?? "string"];
    const items = splitList(value, spec.separator);
    for (let n = 0; n < items.length; n++) {
      const problem = check(items[n]);
      if (problem) return `item ${n + 1} ${problem}`;
    }
    return null;
  }
  return `has unknown type ${kind}`;
}

export function splitList(value: string, separator: string): string[] {
  return value.split(separator).map(strip).filter((p) => p !== "");
}

/** The typed value of an already-valid string, as `envguard.load()` converts it. */
export function convert(type: string, value: string, items?: string, separator = ","): unknown {
  if (type === "int" || type === "port") return parseInt(strip(value), 10);
  if (type === "float") return Number(strip(value));
  if (type === "bool") return parseBool(value);
  if (type === "duration") return parseDuration(value);
  if (type === "json") return JSON.parse(value);
  if (type === "list") return splitList(value, separator).map((p) => convert(items ?? "string", p));
  return value;
}

function valueProblems(data: SchemaData, spec: VarSpec, value: string): string[] {
  const type = typeProblem(spec, value);
  if (type) return [type];
  const problems: string[] = [];
  if (["int", "float", "port"].includes(spec.type) && (spec.min !== undefined || spec.max !== undefined)) {
    const n = Number(strip(value));
    if (spec.min !== undefined && n < spec.min) problems.push(`must be at least ${spec.min}`);
    if (spec.max !== undefined && n > spec.max) problems.push(`must be at most ${spec.max}`);
  }
  if (spec.values.length && spec.type !== "enum") {
    const key = (v: string) => JSON.stringify(convert(spec.type, v, spec.items, spec.separator));
    if (!spec.values.map(key).includes(key(value))) problems.push(`must be ${spec.values.join(" or ")}`);
  }
  if (spec.min_length !== undefined && length(value) < spec.min_length) problems.push(`must be at least ${spec.min_length} characters`);
  if (spec.max_length !== undefined && length(value) > spec.max_length) problems.push(`must be at most ${spec.max_length} characters`);
  if (spec.prefix.length && !spec.prefix.some((p) => value.startsWith(p))) problems.push(`must start with ${spec.prefix.join(" or ")}`);
  if (spec.pattern !== undefined && !re(spec.pattern, true).test(value)) problems.push("must match its pattern");
  if (spec.credential.length) {
    const fmt = declaredFormat(data, spec.credential, value);
    if (fmt === null) {
      problems.push(`is not a valid ${spec.credential.map((c) => data.credentials[c].name).join(" or ")}`);
    } else {
      for (const check of fmt.checks) {
        const problem = runCheck(check, value);
        if (problem) {
          problems.push(`${problem} (not a valid ${fmt.name})`);
          break;
        }
      }
    }
  }
  return problems;
}

function expectedMode(data: SchemaData, environment: string): string {
  return data.live_environments.includes(environment) ? "live" : "test";
}

function localhostProblem(data: SchemaData, value: string, environment: string): string | null {
  if (!data.live_environments.includes(environment) || !value.includes("://")) return null;
  let host: string | null;
  try {
    host = urlsplit(strip(value)).hostname;
  } catch {
    return null;
  }
  return host !== null && (LOCAL_HOSTS.includes(host) || host.endsWith(".localhost"))
    ? `points at ${host} in ${environment}` : null;
}

function declaredPublicMatch(data: SchemaData, spec: Pick<VarSpec, "public" | "credential"> | undefined, value: string): boolean {
  if (spec === undefined || !spec.public) return false;
  const fmt = spec.credential.length ? declaredFormat(data, spec.credential, value) : null;
  if (spec.credential.length && fmt === null) return false;
  return fmt === null || !fmt.checks.some((c) => runCheck(c, value) !== null);
}

function exposureProblem(data: SchemaData, key: string, value: string | undefined): string | null {
  if (!isBrowserExposed(data, key) || !value) return null;
  const spec = data.vars[key] ?? data.catalog_vars[key];
  const fmt = declaredPublicMatch(data, spec, value) ? null
    : identify(data, value, key, { secretOnly: true, errorsOnly: true });
  if (fmt !== null) return `is shipped to every browser but its value matches the format of a secret (${fmt.name})`;
  if (spec !== undefined && spec.secret && !spec.public) return "is shipped to every browser but the schema declares it secret";
  if (spec === undefined && STRONG_WORD.test(key)) return "is shipped to every browser but its name says it is a secret";
  return null;
}

function placeholderProblem(data: SchemaData, value: string | undefined, environment: string): string | null {
  if (!value || LOCAL_ENVIRONMENTS.includes(environment) || !isPlaceholder(data, value)) return null;
  return "still holds a placeholder";
}

/** Everything `envguard check` says about one declared variable, as error messages. */
export function variableProblems(data: SchemaData, key: string, value: string | undefined, environment: string): string[] {
  const spec = specFor(data, key, environment);
  const out: string[] = [];
  if (spec === undefined) return out;
  if (value === undefined || value === "") {
    if (isRequired(spec, environment) && !spec.platform && !spec.has_default) {
      out.push(`is ${value === undefined ? "missing" : "empty"} but required in ${environment}`);
    }
  } else if (isPlaceholder(data, value)) {
    const p = placeholderProblem(data, value, environment);
    if (p) out.push(p);
  } else {
    const problems = valueProblems(data, spec, value);
    if (problems.length) {
      out.push(problems.join("; "));
    } else if (spec.credential.length) {
      const fmt = declaredFormat(data, spec.credential, value);
      const mode = fmt ? modeOf(fmt, value) : null;
      const expected = expectedMode(data, environment);
      if (fmt && mode && mode !== expected) {
        out.push(`is a ${mode} ${fmt.name} but ${environment} expects ${expected} credentials`);
      }
    }
  }
  const exposed = exposureProblem(data, key, value);
  if (exposed) out.push(exposed);
  const local = value ? localhostProblem(data, value, environment) : null;
  if (local) out.push(local);
  return out;
}

/** What `envguard check` says about variables the schema does not declare. */
export function undeclaredProblems(data: SchemaData, source: Source, environment: string): Problem[] {
  const out: Problem[] = [];
  for (const [key, value] of Object.entries(source)) {
    if (key in data.vars || value === undefined) continue;
    for (const message of [placeholderProblem(data, value, environment), exposureProblem(data, key, value),
      localhostProblem(data, value, environment)]) {
      if (message) out.push({ key, message });
    }
  }
  return out;
}

// -- [[rules]] -------------------------------------------------------------------------
function usable(data: SchemaData, value: string | undefined): string | null {
  return !value || isPlaceholder(data, value) ? null : value;
}

function ruleValues(data: SchemaData, rule: Rule, source: Source): [string, string][] {
  const out: [string, string][] = [];
  for (const key of rule.keys) {
    const value = usable(data, source[key]);
    if (value !== null) out.push([key, value]);
  }
  return out;
}

function target(value: string, ignore: string[]): Record<string, string | null> | null {
  const text = strip(value);
  let url: Url;
  try {
    url = urlsplit(text.includes("://") ? text : `//${text}`);
  } catch {
    return null;
  }
  if (!url.hostname) return null;
  let host = url.hostname.toLowerCase();
  for (const marker of ignore) host = host.split(marker.toLowerCase()).join("");
  return { user: url.username, host, port: url.port ? String(url.port) : null, database: url.path.replace(/^\/+/, "") || null };
}

function pyFloat(value: string): number | null {
  const t = strip(value).replace(/_/g, "");
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  return NUMBER.test(t) ? Number(t) : null;
}

function ruleNumber(value: string, type: string | undefined): number | null {
  if (type !== "duration") {
    const n = pyFloat(value);
    if (n !== null) return n;
  }
  try {
    return parseDuration(value);
  } catch {
    return null;
  }
}

function ruleModeOf(data: SchemaData, key: string, value: string): string | null {
  const spec = data.vars[key];
  const fmt = spec !== undefined && spec.credential.length ? declaredFormat(data, spec.credential, value)
    : identify(data, value, key, { moded: true, distinctive: false, schemaOnly: true });
  return fmt ? modeOf(fmt, value) : null;
}

const RULES: Record<string, (data: SchemaData, rule: Rule, source: Source, environment: string) => Problem[]> = {
  same_mode: (data, rule, source, environment) => {
    const modes: [string, string][] = [];
    for (const [key, value] of ruleValues(data, rule, source)) {
      const mode = ruleModeOf(data, key, value);
      if (mode !== null) modes.push([key, mode]);
    }
    if (new Set(modes.map(([, m]) => m)).size < 2) return [];
    const expected = expectedMode(data, environment);
    const reference = modes.some(([, m]) => m === expected) ? expected : modes[0][1];
    return modes.filter(([, m]) => m !== reference)
      .map(([key, mode]) => ({ key, message: `is a ${mode} key but the pair must come from the same mode (${reference})` }));
  },
  equal: (data, rule, source) => {
    const values = ruleValues(data, rule, source);
    if (!values.length) return [];
    const [refKey, ref] = values[0];
    return values.slice(1).filter(([, v]) => v !== ref).map(([key]) => ({ key, message: `must hold the same value as ${refKey}` }));
  },
  distinct: (data, rule, source) => {
    const ref = usable(data, source[rule.keys[0]]);
    if (ref === null) return [];
    return rule.keys.slice(1).filter((k) => usable(data, source[k]) === ref)
      .map((key) => ({ key, message: `must differ from ${rule.keys[0]}` }));
  },
  same_target: (data, rule, source) => {
    const targets: [string, Record<string, string | null>][] = [];
    for (const [key, value] of ruleValues(data, rule, source)) {
      const parts = target(value, rule.ignore);
      if (parts !== null) targets.push([key, parts]);
    }
    if (!targets.length) return [];
    const [refKey, ref] = targets[0];
    return targets.slice(1).filter(([, parts]) => rule.compare.some((p) => parts[p] !== ref[p]))
      .map(([key]) => ({ key, message: `points at a different database than ${refKey}` }));
  },
  requires: (data, rule, source) => {
    const triggers = rule.if_set.filter((k) => usable(data, source[k]) !== null);
    if (!triggers.length) return [];
    return rule.keys.filter((k) => !source[k]).map((key) => ({ key, message: `is needed because ${triggers[0]} is set` }));
  },
  one_of: (data, rule, source) => {
    if (rule.if_set.length && !rule.if_set.some((k) => usable(data, source[k]) !== null)) return [];
    if (rule.keys.some((k) => !!source[k])) return [];
    return [{ key: rule.keys[0], message: `none of ${rule.keys.join(", ")} is set; one of them is needed` }];
  },
  ordered: (data, rule, source, environment) => {
    const numbers: [string, number][] = [];
    for (const [key, value] of ruleValues(data, rule, source)) {
      const n = ruleNumber(value, specFor(data, key, environment)?.type);
      if (n !== null) numbers.push([key, n]);
    }
    const out: Problem[] = [];
    for (let i = 1; i < numbers.length; i++) {
      const [aKey, a] = numbers[i - 1];
      const [bKey, b] = numbers[i];
      if (b < a || (rule.strict && b === a)) out.push({ key: bKey, message: `must be ${rule.strict ? "greater than" : "at least"} ${aKey}` });
    }
    return out;
  },
};

/** The errors of the schema's cross-variable rules that apply in `environment`. */
export function ruleProblems(data: SchemaData, source: Source, environment: string): Problem[] {
  return data.rules.filter((r) => r.severity === "error" && (!r.environments.length || r.environments.includes(environment)))
    .flatMap((r) => RULES[r.kind](data, r, source, environment));
}

const ALIASES: Record<string, string> = {
  prod: "production", prd: "production", live: "production", dev: "development", develop: "development",
  local: "development", stage: "staging", stg: "staging", preview: "staging",
};
const NAMING_VARIABLES = ["VERCEL_TARGET_ENV", "VERCEL_ENV", "RAILWAY_ENVIRONMENT_NAME", "APP_ENV", "NODE_ENV"];

/** The declared environment `name` means (itself, its lower case or its alias), or null. */
export function matchEnvironment(data: SchemaData, name: string): string | null {
  for (const candidate of [name, name.toLowerCase(), ALIASES[name.toLowerCase()]]) {
    if (candidate !== undefined && data.environments.includes(candidate)) return candidate;
  }
  return null;
}

/** The environment the variables name (VERCEL_ENV, RAILWAY_ENVIRONMENT_NAME, NODE_ENV...). */
export function environmentOf(data: SchemaData, source: Source): string | null {
  for (const variable of NAMING_VARIABLES) {
    const value = source[variable];
    const found = value ? matchEnvironment(data, value) : null;
    if (found !== null) return found;
  }
  return null;
}
// ---- end of the ported checks -----------------------------------------------------------
