/* Follow-Through, the private dashboard: unlock the sealed pages in the browser.
 *
 * Loaded only when privacy.encrypt is on. Each page's article arrives sealed
 * (data-ft-sealed: AES-256-GCM, see generator/site/encrypt.py); the key is
 * derived here with the browser's own WebCrypto, exactly as the build derived it:
 * PBKDF2-HMAC-SHA256 (salt and iterations on the page), then HKDF-SHA256.
 * No crypto library, nothing fetched from elsewhere. The derived key (never the
 * passphrase) stays in sessionStorage, or in localStorage when "Remember this
 * device" is ticked, until Lock or until the passphrase changes (the key then
 * fails to open the page and is forgotten).
 *
 * Runs on every page Material shows (window.document$, instant navigation
 * included), then fires "ft:unsealed" so follow-through.js recomputes the dates.
 * The header gets a Find box (the sealed index of opportunity pages, opened
 * in memory) and a Lock button.
 */
(function () {
  "use strict";

  var subtle = window.crypto && window.crypto.subtle;
  var encoder = new TextEncoder();
  var AAD = encoder.encode("follow-through/v1");
  var INFO = encoder.encode("follow-through/v1 content");
  var STORE = "follow-through-key:";
  var NONCE = 12;
  var session = { salt: null, key: null, base: null, index: null };

  document.documentElement.classList.add("ft-private");

  function toBase64(buffer) {
    var bytes = new Uint8Array(buffer), text = "";
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text);
  }

  function fromBase64(text) {
    var bin = atob(text), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  // Storage may be refused (private windows, policies): then the key lives only in this page.
  function storages() {
    var found = [];
    try { found.push(window.sessionStorage); } catch (e) { /* refused */ }
    try { found.push(window.localStorage); } catch (e) { /* refused */ }
    return found;
  }

  function storedKey(salt) {
    var all = storages();
    for (var i = 0; i < all.length; i++) {
      var value = all[i] && all[i].getItem(STORE + salt);
      if (value) return value;
    }
    return null;
  }

  function forget(salt) {
    storages().forEach(function (s) { if (s) s.removeItem(STORE + salt); });
    session.key = null;
    session.index = null;
  }

  function remember(salt, raw, onThisDevice) {
    forget(salt);
    try {
      (onThisDevice ? window.localStorage : window.sessionStorage).setItem(STORE + salt, toBase64(raw));
    } catch (e) { /* not stored: unlocked for this page only */ }
  }

  function deriveRaw(passphrase, salt, iterations) {
    return subtle.importKey("raw", encoder.encode(passphrase.normalize("NFC")), "PBKDF2", false, ["deriveBits"])
      .then(function (base) {
        return subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: fromBase64(salt), iterations: iterations },
          base, 256);
      })
      .then(function (master) { return subtle.importKey("raw", master, "HKDF", false, ["deriveBits"]); })
      .then(function (master) {
        return subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: INFO }, master, 256);
      });
  }

  function contentKey(raw) {
    return subtle.importKey("raw", raw, "AES-GCM", false, ["decrypt"]);
  }

  function open(key, bytes) {
    return subtle.decrypt({ name: "AES-GCM", iv: bytes.subarray(0, NONCE), additionalData: AAD }, key,
      bytes.subarray(NONCE));
  }

  function openPage(key, sealed) {
    return open(key, fromBase64(sealed.getAttribute("data-ft-sealed"))).then(function (plain) {
      return JSON.parse(new TextDecoder().decode(plain));
    });
  }

  // The article's HTML is the build's own (escaped by its templates) and GCM proves it unaltered.
  function show(sealed, page) {
    session.base = new URL(sealed.getAttribute("data-ft-root") || "./", location.href).href;
    sealed.parentNode.innerHTML = page.html;
    if (page.title) document.title = page.title;
    var topic = document.querySelector('[data-md-component="header-topic"] .md-ellipsis');
    if (topic && page.topic) topic.textContent = page.topic;
    document.documentElement.classList.add("ft-unlocked");
    if (window.performance && performance.mark) performance.mark("ft-unsealed"); // bench/site_bench.py --encrypt
    addControls();
    document.dispatchEvent(new CustomEvent("ft:unsealed"));
  }

  function ask(sealed, salt) {
    var form = sealed.querySelector("form.ft-unlock");
    if (!form) return;
    var input = form.querySelector('input[type="password"]');
    var error = form.querySelector(".ft-unlock__error");
    var button = form.querySelector('button[type="submit"]');
    form.hidden = false;
    if (!subtle) {
      error.textContent = "This browser cannot decrypt here: open the dashboard over https.";
      error.hidden = false;
      button.disabled = true;
      return;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!input.value) return;
      button.disabled = true;
      button.textContent = "Unlocking…";
      error.hidden = true;
      var raw;
      deriveRaw(input.value, salt, +sealed.getAttribute("data-ft-iterations"))
        .then(function (bits) { raw = bits; return contentKey(bits); })
        .then(function (key) {
          return openPage(key, sealed).then(function (page) {
            remember(salt, raw, form.querySelector('input[name="remember"]').checked);
            session.salt = salt;
            session.key = key;
            show(sealed, page);
          });
        })
        .catch(function () {
          input.value = "";
          error.hidden = false;
          button.disabled = false;
          button.textContent = "Unlock";
          input.focus();
        });
    });
    input.focus();
  }

  function unlockPage() {
    var sealed = document.querySelector(".ft-sealed[data-ft-sealed]");
    if (!sealed) return;
    var salt = sealed.getAttribute("data-ft-salt");
    var stored = subtle && storedKey(salt);
    if (!stored) return ask(sealed, salt);
    var key = session.salt === salt && session.key
      ? Promise.resolve(session.key) : contentKey(fromBase64(stored));
    key.then(function (k) {
      return openPage(k, sealed).then(function (page) {
        session.salt = salt;
        session.key = k;
        show(sealed, page);
      });
    }).catch(function () {
      forget(salt); // another passphrase now: the remembered key is useless
      ask(sealed, salt);
    });
  }

  // --- Find: the opportunity pages' text, sealed at build time, searched here -----

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function loadIndex() {
    if (!session.index) {
      session.index = fetch(new URL("search/find.sealed", session.base).href)
        .then(function (r) { if (!r.ok) throw new Error("no index"); return r.arrayBuffer(); })
        .then(function (buffer) { return open(session.key, new Uint8Array(buffer)); })
        .then(function (plain) {
          return JSON.parse(new TextDecoder().decode(plain)).map(function (e) {
            return { url: e.u, title: e.t, text: e.x, title_f: fold(e.t), all_f: fold(e.t + " " + e.x) };
          });
        });
      session.index.catch(function () { session.index = null; });
    }
    return session.index;
  }

  function search(entries, query) {
    var terms = fold(query).split(/\s+/).filter(Boolean);
    if (!terms.length) return [];
    var hits = entries.filter(function (e) {
      return terms.every(function (t) { return e.all_f.indexOf(t) >= 0; });
    });
    hits.sort(function (a, b) {
      var at = terms.every(function (t) { return a.title_f.indexOf(t) >= 0; });
      var bt = terms.every(function (t) { return b.title_f.indexOf(t) >= 0; });
      return at === bt ? a.title.localeCompare(b.title) : at ? -1 : 1;
    });
    return hits.slice(0, 10);
  }

  function snippet(entry, query) {
    var first = fold(query).split(/\s+/).filter(Boolean)[0] || "";
    var at = Math.max(0, fold(entry.text).indexOf(first) - 30);
    return (at > 0 ? "…" : "") + entry.text.slice(at, at + 90) + "…";
  }

  function showResults(list, hits, query) {
    list.textContent = "";
    hits.forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = new URL(entry.url, session.base).href;
      var title = document.createElement("strong");
      title.textContent = entry.title;
      var text = document.createElement("span");
      text.textContent = snippet(entry, query);
      link.appendChild(title);
      link.appendChild(text);
      item.appendChild(link);
      list.appendChild(item);
    });
    if (!hits.length && query.trim()) {
      var none = document.createElement("li");
      none.className = "ft-find__none";
      none.textContent = "No opportunity matches";
      list.appendChild(none);
    }
    list.hidden = !query.trim();
  }

  function findBox() {
    var box = document.createElement("div");
    box.className = "ft-find";
    box.setAttribute("role", "search");
    var input = document.createElement("input");
    input.type = "search";
    input.className = "ft-find__input";
    input.placeholder = "Find";
    input.setAttribute("aria-label", "Find an opportunity by company, role, contact or note");
    input.autocomplete = "off";
    var list = document.createElement("ol");
    list.className = "ft-find__results";
    list.hidden = true;
    box.appendChild(input);
    box.appendChild(list);
    input.addEventListener("input", function () {
      var query = input.value;
      loadIndex().then(function (entries) {
        if (input.value === query) showResults(list, search(entries, query), query);
      });
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { input.value = ""; list.hidden = true; }
      if (event.key === "Enter") {
        var first = list.querySelector("a");
        if (first) first.click();
      }
    });
    list.addEventListener("click", function (event) {
      if (event.target.closest("a")) { input.value = ""; list.hidden = true; }
    });
    return box;
  }

  var LOCK_ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 17a2 2 0 0 0 ' +
    '2-2 2 2 0 0 0-2-2 2 2 0 0 0-2 2 2 2 0 0 0 2 2m6-9a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V10a2 2 0 0 1 ' +
    '2-2h1V6a5 5 0 0 1 5-5 5 5 0 0 1 5 5v2h1m-6-5a3 3 0 0 0-3 3v2h6V6a3 3 0 0 0-3-3Z"/></svg>';

  function addControls() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".ft-lock")) return;
    var lock = document.createElement("button");
    lock.type = "button";
    lock.className = "md-header__button md-icon ft-lock";
    lock.title = "Lock: forget the key on this device";
    lock.setAttribute("aria-label", "Lock");
    lock.innerHTML = LOCK_ICON;
    lock.addEventListener("click", function () {
      forget(session.salt);
      location.reload();
    });
    var before = header.querySelector(".md-search") || null;
    header.insertBefore(findBox(), before);
    header.insertBefore(lock, before);
  }

  // Material's search keys ("/", "s", "f") would open its hidden, empty search: they go to Find.
  window.addEventListener("keydown", function (event) {
    var find = document.querySelector(".ft-find__input");
    var target = event.target;
    if (!find || event.ctrlKey || event.metaKey || event.altKey || ["/", "s", "f"].indexOf(event.key) < 0) return;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    event.stopPropagation();
    find.focus();
  }, true);

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(unlockPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", unlockPage);
  } else {
    unlockPage();
  }
})();
