// peercheck.mjs runs @cloud-copilot/iam-simulate on the cases that
// scripts/peercheck generated, and prints one JSON line per case:
// {"id": ..., "decision": "allowed" | "explicitDeny" | "implicitDeny" | "error", "detail": ...}.
//
// Development only: the package is AGPL. It is installed into a temp dir
// (npm install --prefix DIR @cloud-copilot/iam-simulate@VERSION), never into
// the site or its package.json. scripts/peercheck copies this file into DIR
// and runs it there so that Node finds the package.
import { readFileSync } from 'node:fs'
import { runSimulation } from '@cloud-copilot/iam-simulate'

const names = { Allowed: 'allowed', ExplicitlyDenied: 'explicitDeny', ImplicitlyDenied: 'implicitDeny' }
const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const out = []
for (const c of cases) {
  const sim = {
    request: {
      principal: c.principal,
      action: c.action,
      resource: { resource: c.resource, accountId: c.resourceAccount },
      contextVariables: c.context,
    },
    identityPolicies: c.identity.map((p, i) => ({ name: `PolicyInputList.${i + 1}`, policy: JSON.parse(p) })),
    permissionBoundaryPolicies: c.boundary && c.boundary.length
      ? c.boundary.map((p, i) => ({ name: `PermissionsBoundaryPolicyInputList.${i + 1}`, policy: JSON.parse(p) }))
      : undefined,
    resourcePolicy: c.resourcePolicy ? JSON.parse(c.resourcePolicy) : undefined,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  }
  try {
    const r = await runSimulation(sim, { simulationMode: 'Strict' })
    if (r.resultType === 'error') {
      out.push({ id: c.id, decision: 'error', detail: JSON.stringify(r.errors) })
    } else {
      const ignored = r.result ? r.result.ignoredContextKeys : undefined
      out.push({ id: c.id, decision: names[r.overallResult] ?? r.overallResult, detail: ignored && ignored.length ? 'ignored context keys: ' + ignored.join(', ') : '' })
    }
  } catch (e) {
    out.push({ id: c.id, decision: 'error', detail: String(e) })
  }
}
process.stdout.write(out.map((o) => JSON.stringify(o)).join('\n') + '\n')
