/* The sealed dashboard: unlock its pages in the browser.
 *
 * Loaded only on a sealed site. Each page's article arrives sealed
 * (data-ft-sealed: AES-256-GCM, see generator/site/encrypt.py); the key is
 * derived here with the browser's own WebCrypto, exactly as the build derived it:
 * PBKDF2-HMAC-SHA256 (salt and iterations on the page), then HKDF-SHA256.
 * No crypto library, nothing fetched from elsewhere.
 *
 * The key is a non-extractable CryptoKey, never a string. Not remembered, it lives in this
 * page's memory only (instant navigation keeps the page, so the key; a reload or another
 * tab asks again): nothing of it is stored where another page of this origin could reach it.
 * "Remember this device" keeps it in IndexedDB for data-ft-remember days: another script of
 * this origin (another Pages site of the same user) could use it while it is there, but
 * cannot copy it. Lock deletes it.
 *
 * Each page carries a key id (derived after the KDF) and is bound to its path
 * (AES-GCM associated data), so a remembered key of an older passphrase says "the
 * passphrase changed", and a page moved or replayed onto another address is refused.
 *
 * It starts as soon as it runs (the page above it is parsed: it need not wait for
 * DOMContentLoaded), and again on each page instant navigation shows (window.document$),
 * then fires "ft:unsealed" so the date script recomputes the dates. The header gets a Find
 * box (a sealed index of the pages, opened in memory) and a Lock button. The document's
 * title stays the site's neutral name. Its words and names are neutral: this file is public.
 */
(function () {
  "use strict";

  var subtle = window.crypto && window.crypto.subtle;
  var encoder = new TextEncoder();
  var LABEL = "site/v2";  // the labels of the key derivation and of the associated data (encrypt.py PUBLIC_LABEL)
  var FIND_AAD = encoder.encode(LABEL + " find");
  var INFO = encoder.encode(LABEL + " content");
  var KID_INFO = encoder.encode(LABEL + " key id");
  var DB = "sealed-site-keys", STORE = "keys";  // encrypt.py KEY_DB, KEY_STORE
  // SHA-256 of the database name an earlier version kept keys under: found by its hash, so that
  // this public file need not spell it; a device remembered there is told the dashboard was updated.
  var EARLIER_DB = "b99fde89048761d651a3cef278770a886e556c6525205c61b315c0a2b6039c87";
  var NONCE = 12, DAY = 86400000;
  var session = { salt: null, key: null, kid: null, base: null, index: null };
  var MESSAGES = {
    wrong: "Wrong passphrase. Nothing was shown; try again.",
    changed: "The passphrase changed: enter the new one.",
    updated: "The dashboard was updated: enter the passphrase again.",
    moved: "This page could not be opened: it is damaged, or it was moved here from another address. " +
      "Nothing was shown. Go to the home page and follow its links."
  };

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

  // Where a remembered page's time goes (bench/site_bench.py --encrypt reads these marks).
  function mark(name) {
    if (window.performance && performance.mark) performance.mark(name);
  }

  function toHex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return (b + 256).toString(16).slice(1); })
      .join("");
  }

  // --- remembered keys: IndexedDB, as CryptoKey objects nobody can export ------------------

  function db(name) {
    return new Promise(function (resolve, reject) {
      var request;
      try { request = indexedDB.open(name || DB, 1); } catch (e) { return reject(e); }
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, act, name) {
    return db(name).then(function (conn) {
      return new Promise(function (resolve, reject) {
        var tx = conn.transaction(STORE, mode), result;
        var request = act(tx.objectStore(STORE));
        if (request) request.onsuccess = function () { result = request.result; };
        tx.oncomplete = function () { conn.close(); resolve(result); };
        tx.onerror = tx.onabort = function () { conn.close(); reject(tx.error); };
      });
    });
  }

  // The remembered key of this site (null when there is none, or it expired: then it is deleted). The page's
  // head started reading it (encrypt.py EARLY_KEY_READ): that read serves the page this script loaded with
  // (undefined from it: it could not read; read again here).
  function storedKey(salt) {
    var early = window.__sealedKey;
    window.__sealedKey = null;  // pages shown later (instant navigation) read afresh
    var read = early ? early.then(function (record) {
      return record === undefined ? withStore("readonly", function (store) { return store.get(salt); }) : record;
    }) : withStore("readonly", function (store) { return store.get(salt); });
    return read.then(function (record) {
      if (!record) return null;
      if (!(record.expires > Date.now())) return forget(salt).then(function () { return null; });
      return record;
    }).catch(function () { return null; });
  }

  function forget(salt) {
    session.key = null;
    session.index = null;
    return withStore("readwrite", function (store) { return salt ? store.delete(salt) : store.clear(); })
      .catch(function () { /* nothing kept */ });
  }

  // Remembered: kept for `days`. Not remembered: kept in this page's memory only (the caller's
  // session), and any key remembered before is deleted.
  function remember(salt, key, kid, days) {
    if (!days) return forget(salt);
    var record = { key: key, kid: kid, expires: Date.now() + days * DAY };
    return withStore("readwrite", function (store) { return store.put(record, salt); })
      .catch(function () { /* not kept: unlocked for this page only */ });
  }

  // A key an earlier version kept (under other labels, in another database): deleted, with any
  // key it kept for a tab; true when this site's was remembered, so the form says why it asks.
  function earlierKey(salt) {
    if (!indexedDB.databases || !subtle) return Promise.resolve(false);
    return indexedDB.databases().then(function (all) {
      return Promise.all(all.map(function (info) {
        return subtle.digest("SHA-256", encoder.encode(info.name)).then(function (hash) {
          return toHex(hash) === EARLIER_DB ? info.name : null;
        });
      }));
    }).then(function (names) {
      var name = names.filter(Boolean)[0];
      if (!name) return false;
      var remembered = false;
      return withStore("readwrite", function (store) {
        var cursor = store.openCursor();
        cursor.onsuccess = function () {
          var at = cursor.result;
          if (!at) return;
          var record = at.value || {};
          if (at.key === salt && record.expires > Date.now()) remembered = true;
          if (at.key === salt || !record.expires) at.delete();
          at.continue();
        };
      }, name).then(function () {
        return withStore("readonly", function (store) { return store.count(); }, name);
      }).then(function (left) {
        if (!left) indexedDB.deleteDatabase(name);  // nothing of another site's left in it: the name goes too
        return remembered;
      });
    }).catch(function () { return false; });
  }

  // --- the keys: PBKDF2, then HKDF to a non-extractable AES-GCM key and to the key id ------

  function derive(passphrase, salt, iterations) {
    return subtle.importKey("raw", encoder.encode(passphrase.normalize("NFC")), "PBKDF2", false, ["deriveBits"])
      .then(function (base) {
        return subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: fromBase64(salt), iterations: iterations },
          base, 256);
      })
      .then(function (master) { return subtle.importKey("raw", master, "HKDF", false, ["deriveBits", "deriveKey"]); })
      .then(function (master) {
        var hkdf = function (info) { return { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: info }; };
        return Promise.all([
          subtle.deriveKey(hkdf(INFO), master, { name: "AES-GCM", length: 256 }, false, ["decrypt"]),
          subtle.deriveBits(hkdf(KID_INFO), master, 256)
        ]);
      })
      .then(function (both) { return { key: both[0], kid: toBase64(both[1].slice(0, 12)) }; });
  }

  function open(key, bytes, aad) {
    return subtle.decrypt({ name: "AES-GCM", iv: bytes.subarray(0, NONCE), additionalData: aad }, key,
      bytes.subarray(NONCE));
  }

  // The page's own path below the site root: its associated data (encrypt.py sealed_path).
  function pagePath(sealed) {
    var base = new URL(sealed.getAttribute("data-ft-root") || "./", location.href).pathname;
    var path = location.pathname.indexOf(base) === 0 ? location.pathname.slice(base.length) : location.pathname;
    return path.replace(/(^|\/)index\.html$/, "$1");
  }

  function openPage(key, sealed) {
    var aad = encoder.encode(LABEL + " page\u0000" + pagePath(sealed));
    return open(key, fromBase64(sealed.getAttribute("data-ft-sealed")), aad).then(function (plain) {
      return JSON.parse(new TextDecoder().decode(plain));
    });
  }

  // The article's HTML is the build's own (escaped by its templates) and GCM proves it unaltered.
  function show(sealed, page) {
    session.base = new URL(sealed.getAttribute("data-ft-root") || "./", location.href).href;
    sealed.parentNode.innerHTML = page.html;
    var topic = document.querySelector('[data-md-component="header-topic"] .md-ellipsis');
    if (topic && page.topic) topic.textContent = page.topic;  // on the screen only: document.title stays neutral
    document.documentElement.classList.add("ft-unlocked");
    mark("ft-inserted");
    addControls();
    document.dispatchEvent(new CustomEvent("ft:unsealed"));  // the date script regroups it: then it shows
    mark("ft-unsealed");
  }

  function say(sealed, which) {
    var notice = sealed.querySelector(".ft-unlock__notice");
    if (notice) {
      notice.textContent = MESSAGES[which];
      notice.hidden = false;
    }
    sealed.setAttribute("data-ft-state", which);
  }

  function ask(sealed, salt, notice) {
    var form = sealed.querySelector("form.ft-unlock");
    if (!form) return;
    var input = form.querySelector('input[type="password"]');
    var error = form.querySelector(".ft-unlock__error");
    var button = form.querySelector('button[type="submit"]');
    form.hidden = false;
    if (notice) say(sealed, notice);
    if (!subtle || !window.indexedDB) {
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
      var failed = function (which) {
        input.value = "";
        error.textContent = MESSAGES[which];
        error.hidden = false;
        sealed.setAttribute("data-ft-state", which);
        button.disabled = false;
        button.textContent = "Unlock";
        input.focus();
      };
      derive(input.value, salt, +sealed.getAttribute("data-ft-iterations")).then(function (derived) {
        if (derived.kid !== sealed.getAttribute("data-ft-kid")) return failed("wrong");
        var days = form.querySelector('input[name="remember"]').checked
          ? +sealed.getAttribute("data-ft-remember") || 30 : 0;
        return remember(salt, derived.key, derived.kid, days).then(function () {
          session.salt = salt;
          session.key = derived.key;
          session.kid = derived.kid;
          return openPage(derived.key, sealed).then(function (page) { show(sealed, page); },
            function () { failed("moved"); });
        });
      }).catch(function () { failed("wrong"); });
    });
    input.focus();
  }

  function unlockPage() {
    var sealed = document.querySelector(".ft-sealed[data-ft-sealed]");
    if (!sealed || sealed.ftStarted) return;  // started already: at load, then document$ says the same page
    sealed.ftStarted = true;
    mark("ft-start");
    var salt = sealed.getAttribute("data-ft-salt");
    var kid = sealed.getAttribute("data-ft-kid");
    if (!subtle || !window.indexedDB) return ask(sealed, salt);
    var known = session.salt === salt && session.key
      ? Promise.resolve({ key: session.key, kid: session.kid }) : storedKey(salt);
    known.then(function (record) {
      mark("ft-key");
      if (!record) {
        ask(sealed, salt);
        return earlierKey(salt).then(function (was) { if (was) say(sealed, "updated"); });
      }
      if (record.kid !== kid) {  // a key of another passphrase: say so, never fall back silently
        return forget(salt).then(function () { ask(sealed, salt, "changed"); });
      }
      return openPage(record.key, sealed).then(function (page) {
        mark("ft-opened");
        session.salt = salt;
        session.key = record.key;
        session.kid = record.kid;
        show(sealed, page);
      }, function () {
        say(sealed, "moved");  // the right key, yet the page does not open here: damaged or replayed
      });
    });
  }

  // --- Find: the pages' text, sealed at build time, searched here -----

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function loadIndex() {
    if (!session.index) {
      session.index = fetch(new URL("search/find.sealed", session.base).href)
        .then(function (r) { if (!r.ok) throw new Error("no index"); return r.arrayBuffer(); })
        .then(function (buffer) { return open(session.key, new Uint8Array(buffer), FIND_AAD); })
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
      none.textContent = "No match";
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
    input.setAttribute("aria-label", "Find a page by any word on it");
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
      forget(session.salt).then(function () { location.reload(); });
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

  unlockPage();  // now: the page above this script is parsed (no need to wait for DOMContentLoaded)
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(unlockPage);  // and each page instant navigation shows
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", unlockPage);
  }
})();
