/** The shell's one HTML page: the header that says what this is, the site map, and the app's script. */
import { ShellStrings } from '../strings';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function shellPage(): string {
  const s = ShellStrings;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(s.pageTitle)}</title>
<link rel="stylesheet" href="/app-shell/app.css">
<link rel="icon" href="/favicon.ico" type="image/svg+xml">
</head>
<body>
<header class="shell-header" role="banner">
  <strong>${escapeHtml(s.productName)}</strong>
  <span class="badge">${escapeHtml(s.harnessBadge)}</span>
  <p class="note">${escapeHtml(s.harnessNote)}</p>
</header>
<div class="shell">
  <nav id="sitemap" aria-label="${escapeHtml(s.navigationLabel)}"></nav>
  <main id="main"></main>
</div>
<script src="/app-shell/app.js"></script>
</body>
</html>
`;
}
