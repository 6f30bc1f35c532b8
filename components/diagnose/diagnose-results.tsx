import type { ReactNode } from "react";
import type { DiagnoseResult, Finding } from "@/lib/diagnose/types";
import type { Severity } from "@/lib/diagnose/catalogue";

/**
 * The report: findings grouped by severity, each a <details> that opens on why and how to fix it, then
 * the way out (the proposed plan and the link that opens the wizard with it). Renders the API's JSON as is.
 */

const GROUPS: ReadonlyArray<{ severity: Severity; heading: string; lead: string }> = [
  { severity: "error", heading: "Errors", lead: "Rotation cannot work until these are fixed." },
  { severity: "warning", heading: "Warnings", lead: "Rotation will break, or a password can leak." },
  { severity: "info", heading: "Notes", lead: "Worth knowing; nothing is broken." },
];

/** Text with ``` fences: paragraphs and code blocks. */
function RichText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  const fence = /```(\w*)\n([\s\S]*?)\n```/g;
  let last = 0;
  let key = 0;
  const prose = (chunk: string) => {
    for (const paragraph of chunk.split(/\n{2,}/)) {
      const trimmed = paragraph.trim();
      if (trimmed !== "") parts.push(<p key={key++}>{trimmed}</p>);
    }
  };
  for (const match of text.matchAll(fence)) {
    prose(text.slice(last, match.index));
    parts.push(
      <pre key={key++} className="diag-code" tabIndex={0} aria-label={match[1] === "hcl" ? "Terraform" : "Commands"}>
        <code>{match[2]}</code>
      </pre>,
    );
    last = match.index + match[0].length;
  }
  prose(text.slice(last));
  return <>{parts}</>;
}

function location(finding: Finding): string | null {
  if (finding.file === null) return null;
  return finding.line === null ? finding.file : `${finding.file}:${finding.line}`;
}

function FindingItem({ finding }: { finding: Finding }) {
  const where = location(finding);
  return (
    <li className="diag-finding" data-testid="finding" data-id={finding.id} data-severity={finding.severity} data-file={finding.file ?? ""} data-line={finding.line ?? ""}>
      <details>
        <summary>
          <span className={`diag-badge diag-badge-${finding.severity}`}>{finding.severity}</span>
          <span className="diag-finding-title">{finding.title}</span>
          <span className="diag-finding-meta">
            <code>{finding.id}</code>
            {where !== null && <span> · {where}</span>}
          </span>
        </summary>
        <div className="diag-finding-body">
          <h4>What happens</h4>
          <RichText text={finding.why} />
          <h4>How to fix it</h4>
          <RichText text={finding.fix} />
        </div>
      </details>
    </li>
  );
}

export function DiagnoseResults({ result }: { result: DiagnoseResult }) {
  const counts = Object.fromEntries(GROUPS.map(({ severity }) => [severity, result.findings.filter((f) => f.severity === severity).length])) as Record<Severity, number>;
  const { plan } = result;
  return (
    <div className="diag-results" data-testid="diagnose-results">
      <h2 className="diag-summary" tabIndex={-1} id="diagnose-summary">
        {result.findings.length === 0
          ? "Nothing wrong found"
          : `${counts.error} ${counts.error === 1 ? "error" : "errors"}, ${counts.warning} ${counts.warning === 1 ? "warning" : "warnings"}, ${counts.info} ${counts.info === 1 ? "note" : "notes"}`}
      </h2>
      {GROUPS.map(({ severity, heading, lead }) => {
        const group = result.findings.filter((f) => f.severity === severity);
        if (group.length === 0) return null;
        return (
          <section key={severity} className={`diag-group diag-group-${severity}`} aria-labelledby={`diag-group-${severity}`} data-testid={`group-${severity}`}>
            <h3 id={`diag-group-${severity}`}>
              {heading} <span className="diag-count">({group.length})</span>
            </h3>
            <p className="diag-lead">{lead}</p>
            <ul className="diag-findings">
              {group.map((finding, index) => (
                <FindingItem key={`${finding.id}-${index}`} finding={finding} />
              ))}
            </ul>
          </section>
        );
      })}
      <section className="diag-way-out" aria-labelledby="diag-way-out" data-testid="way-out">
        <h3 id="diag-way-out">The way out</h3>
        <p>
          The wizard builds a setup that works, from what this report read. It opens with these values filled in; check them, give
          what is still missing, and download the bundle.
        </p>
        <p>
          <a className="diag-button diag-button-primary" href={`/?${result.wizardQuery}`} data-testid="generate-link">
            Generate the working setup
          </a>
        </p>
        {plan.found.length > 0 && (
          <div className="diag-table-wrap">
            <table className="diag-table">
              <caption>Values found</caption>
              <thead>
                <tr>
                  <th scope="col">Parameter</th>
                  <th scope="col">Value</th>
                  <th scope="col">Read from</th>
                </tr>
              </thead>
              <tbody>
                {plan.found.map((value) => (
                  <tr key={value.param} className={plan.rejected.some((r) => r.param === value.param) ? "diag-rejected" : undefined}>
                    <th scope="row">
                      <code>{value.param}</code>
                    </th>
                    <td>
                      <code>{value.value}</code>
                    </td>
                    <td>{value.from}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {plan.rejected.length > 0 && (
          <>
            <h4>Found, but not usable as they are</h4>
            <ul className="diag-list">
              {plan.rejected.map((value) => (
                <li key={value.param}>
                  <code>{value.param}</code>: {value.message}
                </li>
              ))}
            </ul>
          </>
        )}
        {plan.missing.length > 0 && (
          <>
            <h4>Still needed from you</h4>
            <ul className="diag-list" data-testid="missing">
              {plan.missing.map((value) => (
                <li key={value.param}>
                  <code>{value.param}</code>: {value.message}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <details className="diag-json">
        <summary>The report as JSON (the same as the API and npm run doctor -- --json)</summary>
        <pre className="diag-code" tabIndex={0} aria-label="The report as JSON" data-testid="result-json">
          <code>{JSON.stringify(result, null, 2)}</code>
        </pre>
      </details>
    </div>
  );
}
