// The small pages browser mode answers with when it refuses a request: a user who opened the
// wrong URL must read why, not stare at "Disconnected (1006)". Static text only (nothing from
// the request is echoed back).

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title} — Livedata Desktop</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em;color:#222}
h1{font-size:1.4em}code{background:#eee;padding:0 .25em;border-radius:3px}</style></head>
<body data-testid="access-refused"><h1>${title}</h1>${body}</body></html>`;
}

export function accessDeniedPage(tokenGiven: boolean): string {
  return page(
    tokenGiven ? 'Access token not accepted' : 'Access token required',
    `<p>${tokenGiven
      ? 'The access token in this address is not the one this Livedata Desktop server was started with (it may have been restarted with a new token).'
      : 'This Livedata Desktop server only answers to pages opened with its access token.'}</p>
<p>Open the address the server printed when it started — it ends in <code>?token=…</code> —
or ask the person who runs the server for it.</p>`,
  );
}

export function hostRefusedPage(): string {
  return page(
    'Unknown host name',
    `<p>This Livedata Desktop server does not answer to the host name in this address.</p>
<p>Open the address the server printed when it started. To reach it by another name (a DNS alias,
a proxy), start it with <code>--public-host NAME</code>.</p>`,
  );
}
