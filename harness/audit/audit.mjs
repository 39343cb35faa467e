// Runs graphql-http's GraphQL over HTTP audits (every MUST, SHOULD and MAY) against the URL
// given as the first argument, prints one line per audit that is not ok, and ends with a
// summary line "audit: N ok, W warnings, E failures" (exit 1 on any failure or warning).
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://127.0.0.1:PORT/graphql');
  process.exit(2);
}
const results = await auditServer({ url });
let ok = 0, warn = 0, fail = 0, notice = 0;
for (const r of results) {
  if (r.status === 'ok') { ok++; continue; }
  if (r.status === 'warn') warn++;
  else if (r.status === 'error') fail++;
  else notice++;
  let detail = '';
  try { detail = JSON.stringify(await r.response.clone().text()).slice(0, 200); } catch { /* no body */ }
  console.log(`${r.status}: ${r.name}: ${r.reason} ${detail}`);
}
console.log(`audit: ${ok} ok, ${warn} warnings, ${fail} failures, ${notice} notices`);
process.exit(warn + fail > 0 ? 1 : 0);
