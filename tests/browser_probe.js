// Measures a report page from inside it, for tests/browser.rs: page width and height, links
// to anchors that do not exist, and the WCAG contrast ratio of every visible text (its colour
// against the backgrounds behind it). Posts the result as JSON to the frame around the page.
(function () {
  const r = {};
  const de = document.documentElement;
  r.dark = matchMedia('(prefers-color-scheme: dark)').matches;
  r.width = window.innerWidth;
  r.scrollWidth = de.scrollWidth;
  r.height = de.scrollHeight;
  r.overflowing = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (r.overflowing.length >= 5) break;
    if (el.closest('.scroll')) continue;
    const box = el.getBoundingClientRect();
    if (box.right > window.innerWidth + 0.5) {
      r.overflowing.push(el.tagName + '#' + el.id + '.' + el.className + ' ' + Math.round(box.right) + 'px');
    }
  }
  const ids = new Set(Array.from(document.querySelectorAll('[id]'), e => e.id));
  r.ids = ids.size;
  r.badLinks = [];
  r.crossLinks = [];
  for (const a of document.querySelectorAll('a[href]')) {
    const h = a.getAttribute('href');
    if (h.startsWith('#')) {
      if (!ids.has(decodeURIComponent(h.slice(1)))) r.badLinks.push(h);
    } else if (!/^https?:/i.test(h)) {
      r.crossLinks.push(h);
    }
  }
  function parse(c) {
    let m = c.match(/^rgba?\(([^)]+)\)/);
    if (m) {
      const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
      return [p[0] / 255, p[1] / 255, p[2] / 255, p.length > 3 ? p[3] : 1];
    }
    m = c.match(/^color\(srgb ([^)]+)\)/);
    if (m) {
      const p = m[1].split(/[\s\/]+/).filter(Boolean).map(Number);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    }
    return null;
  }
  function lum(c) {
    const f = v => (v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  }
  function background(el) {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) break;
      }
    }
    let base = r.dark ? [0, 0, 0] : [1, 1, 1];
    for (let i = layers.length - 1; i >= 0; i--) {
      const c = layers[i];
      base = [0, 1, 2].map(k => c[k] * c[3] + base[k] * (1 - c[3]));
    }
    return base;
  }
  r.checked = 0;
  r.worst = 99;
  r.failures = [];
  const all = document.body.querySelectorAll('*');
  for (let i = 0; i < all.length && r.checked < 3000; i++) {
    const el = all[i];
    if (el.closest('svg, .sr, script, style')) continue;
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.getClientRects().length === 0) continue;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden') continue;
    const fg = parse(s.color);
    if (!fg) continue;
    const bg = background(el);
    const a = lum(fg), b = lum(bg);
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    r.checked++;
    r.worst = Math.min(r.worst, ratio);
    if (ratio < need && r.failures.length < 20) {
      r.failures.push(el.tagName + '.' + el.className + ' "' + el.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2) + ' ' + s.color + ' on ' + bg.map(v => v.toFixed(3)).join(','));
    }
  }
  const pre = document.createElement('pre');
  pre.id = 'framelens-probe';
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
  if (parent !== window) parent.postMessage(pre.textContent, '*');
})();
