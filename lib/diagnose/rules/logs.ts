import { finding, INPUT_NAMES, type Finding } from "../types";

/**
 * Known lines of a rotation function's CloudWatch log, each mapped to its cause and fix. The messages
 * are those of Lambda itself, of boto3, of the database drivers, of AWS's rotation templates and of this
 * product's function. A finding names the first line that shows it and how often it recurs; it never
 * repeats the line (a log line may hold more than it should).
 */

interface LogPattern {
  id: string;
  test: RegExp;
  title: (match: RegExpExecArray) => string;
  why: string;
  fix: string;
}

const PATTERNS: readonly LogPattern[] = [
  {
    id: "log-previous-rotation-incomplete",
    test: /A previous rotation isn['’]t complete|previous rotation (is )?(not|n't) complete/i,
    title: () => "A previous rotation never finished, so Secrets Manager refuses new ones",
    why: "An AWSPENDING label sits on a version other than AWSCURRENT's. Secrets Manager takes it for a rotation in progress and rejects every new rotation until that one completes; it retries the old one, which keeps failing for its original reason.",
    fix: "Find the original failure earlier in the log and fix it. Then clear the label and rotate again:\n\n```sh\naws secretsmanager list-secret-version-ids --secret-id <the secret's ARN> --include-deprecated\naws secretsmanager update-secret-version-stage --secret-id <the secret's ARN> --version-stage AWSPENDING --remove-from-version-id <the pending version>\naws secretsmanager rotate-secret --secret-id <the secret's ARN>\n```",
  },
  {
    id: "log-task-timeout",
    test: /Task timed out after [\d.]+ ?seconds/,
    title: () => "The rotation function timed out",
    why: "The step ran out of time, almost always waiting on the network: with nothing logged after \"Found credentials in environment variables\" it could not reach the Secrets Manager API; after createSecret, the database. A function in a VPC needs an interface endpoint for Secrets Manager or a NAT route, and a security group rule to the database port.",
    fix: "Give the function's subnets a way to the Secrets Manager API (an interface endpoint with private DNS, or a NAT gateway) and open the database port from the function's security group; raise the timeout only if a step is slow but working (30 seconds is AWS's default for its templates).",
  },
  {
    id: "log-endpoint-unreachable",
    test: /Could not connect to the endpoint URL|EndpointConnectionError|ConnectTimeoutError/,
    title: () => "The rotation function cannot reach the Secrets Manager API",
    why: "The function's subnets have no route to the Secrets Manager endpoint: no interface endpoint (or one without private DNS, or whose security group refuses HTTPS from the function) and no NAT gateway.",
    fix: "Create an interface VPC endpoint for com.amazonaws.<region>.secretsmanager with private DNS in the function's subnets, admitting 443 from the function's security group, or route the subnets through a NAT gateway. If the endpoint has no private DNS, set SECRETS_MANAGER_ENDPOINT to its DNS name.",
  },
  {
    id: "log-access-denied-kms",
    test: /(AccessDenied|KMSAccessDenied|KMS\.AccessDenied)[^\n]*kms|not authorized to perform: kms:|Access to KMS is not allowed|KMSAccessDeniedException/i,
    title: () => "KMS denies the rotation function the secret's key",
    why: "The secret is encrypted with a customer managed key, and the function's role (or the key's policy) does not allow kms:Decrypt and kms:GenerateDataKey on it: the function can neither read the current value nor store the new one.",
    fix: "Grant the role kms:Decrypt and kms:GenerateDataKey on the key (and make sure the key policy lets the account's IAM policies grant it):\n\n```hcl\n{\n  Effect   = \"Allow\"\n  Action   = [\"kms:Decrypt\", \"kms:GenerateDataKey\"]\n  Resource = aws_kms_key.secret.arn\n}\n```",
  },
  {
    id: "log-access-denied-secretsmanager",
    test: /not authorized to perform: secretsmanager:(\w+)|AccessDenied(?:Exception)?\)? when calling the (\w+) operation/,
    title: (match) => `The rotation function's role may not call ${match[1] ? `secretsmanager:${match[1]}` : match[2] ? `secretsmanager:${match[2]}` : "a Secrets Manager action"}`,
    why: "The role lacks a permission rotation needs: DescribeSecret, GetSecretValue, PutSecretValue and UpdateSecretVersionStage on the secret, GetRandomPassword on \"*\", and GetSecretValue on the admin secret for alternating users.",
    fix: "Grant the missing action to the function's role, on the secret's ARN (GetRandomPassword on \"*\").",
  },
  {
    id: "log-import-module-error",
    test: /Runtime\.ImportModuleError|Unable to import module|No module named ['"]?[\w.]+/,
    title: (match) => {
      const missing = /No module named ['"]?([\w.]+)/.exec(match.input)?.[1];
      return missing ? `The rotation function cannot import ${missing}` : "The rotation function cannot load its code";
    },
    why: "Lambda could not load the handler: the package lacks the module or a dependency (a database driver such as psycopg or pymysql), the handler setting names the wrong file, or the dependency was built for another Python version or CPU architecture than the function's.",
    fix: "Build the package for the function's runtime and architecture (pip install --platform manylinux2014_aarch64 or x86_64, --python-version matching the runtime, --only-binary=:all:), put the handler file at the package's root, and check the handler setting (file.function).",
  },
  {
    id: "log-tls-error",
    test: /CERTIFICATE_VERIFY_FAILED|certificate verify failed|SSLError|SSL error|SSL connection has been closed|server does not support SSL|SSL is required|SSL SYSCALL error|self[- ]signed certificate|TLS handshake|sslmode value|no pg_hba\.conf entry .* SSL off/i,
    title: () => "TLS to the database fails",
    why: "The function and the database disagree about TLS: the database requires TLS and the function connects without it, or the function verifies a certificate that its CA bundle does not trust (an RDS certificate authority rotation, or a self-managed database with its own CA).",
    fix: "Give the function the CA that signed the database's certificate (the RDS global bundle for RDS), connect with TLS when the database requires it, and make the host name in the secret match the certificate.",
  },
  {
    id: "log-db-auth-failed",
    test: /password authentication failed|Access denied for user|Login failed for user|ORA-01017|Authentication failed|Unable to log into database/i,
    title: () => "The database rejects the secret's credentials",
    why: "The function logged in with the secret's user and password and the database refused: the password was changed outside Secrets Manager, a previous rotation changed the database but not the secret (or the reverse), or an apply wrote an old value back into the secret.",
    fix: "Reset the user's password in the database to the value of the AWSCURRENT version (or put the database's password into the secret with put-secret-value), then rotate again. Stop Terraform from writing the secret's value back (ignore_changes, or a write-only argument).",
  },
  {
    id: "log-secret-key-missing",
    test: /(\w+) key is missing from secret JSON|KeyError: '(\w+)'|lacks ([\w, ]+); a database secret has/,
    title: (match) => {
      const key = match[1] ?? match[2] ?? match[3];
      return key ? `The secret's JSON has no ${key}` : "The secret's JSON lacks a key the function needs";
    },
    why: "Rotation functions read the database connection from the secret's JSON: engine, host, username, password, optionally port and dbname, and masterarn (the admin secret) for alternating users. Without the key the function cannot connect or cannot find the admin secret.",
    fix: "Store the whole structure in the secret (put-secret-value with the complete JSON, or the Terraform that writes it), for example {\"engine\": \"postgres\", \"host\": \"…\", \"port\": 5432, \"username\": \"…\", \"password\": \"…\", \"dbname\": \"…\"}, plus \"masterarn\" for alternating users.",
  },
  {
    id: "log-db-unreachable",
    test: /could not connect to server|Can't connect to MySQL server|Connection timed out|timeout expired|Connection refused|Network is unreachable|could not translate host name|Unknown MySQL server host|Name or service not known/i,
    title: () => "The rotation function cannot connect to the database",
    why: "The connection to the database timed out or was refused: the function is not in subnets that reach it, a security group drops the traffic (the function's outbound rule, or the database's inbound rule on its port), or the host or port in the secret is wrong.",
    fix: "Put the function in subnets that route to the database, allow the database port out of the function's security group and into the database's from it, and check host and port in the secret's JSON.",
  },
];

export function logFindings(logs: string): Finding[] {
  const seen = new Map<string, { line: number; count: number; match: RegExpExecArray }>();
  const lines = logs.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length === 0) continue;
    // A line matches the first, most specific pattern only.
    for (const pattern of PATTERNS) {
      const match = pattern.test.exec(line.length > 4000 ? line.slice(0, 4000) : line);
      if (!match) continue;
      const key = `${pattern.id}\u0000${pattern.title(match)}`;
      const entry = seen.get(key);
      if (entry) entry.count++;
      else seen.set(key, { line: i + 1, count: 1, match });
      break;
    }
  }
  const findings: Finding[] = [];
  for (const [key, { line, count, match }] of seen) {
    const id = key.split("\u0000")[0]!;
    const pattern = PATTERNS.find((p) => p.id === id)!;
    const times = count > 1 ? ` (${count} times, first on line ${line})` : ` (line ${line})`;
    findings.push(finding(id, "error", { file: INPUT_NAMES.logs, line }, `${pattern.title(match)}${times}`, pattern.why, pattern.fix));
  }
  return findings;
}
