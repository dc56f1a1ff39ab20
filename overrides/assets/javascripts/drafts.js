/* The dashboard: the Copy button of a draft puts its text on the clipboard.
 *
 * The Clipboard API where the page is a secure context (https, localhost);
 * otherwise the older select-and-copy. One listener on the document, so it
 * works on pages swapped in by instant navigation or shown after decryption.
 * Nothing leaves the page.
 */
(function () {
  "use strict";

  if (window.__ftCopy) return; // instant navigation loads it again on each page with a draft
  window.__ftCopy = true;

  function say(button, text) {
    var status = button.parentNode && button.parentNode.querySelector(".ft-copy__status");
    if (status) status.textContent = text;
  }

  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(area);
    return done;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-ft-copy]");
    if (!button) return;
    var box = button.closest("[data-ft-draft]");
    var source = box && box.querySelector(".ft-draft__text");
    if (!source) return;
    var text = source.textContent;
    var copied = function () { say(button, "Copied"); };
    var failed = function () { say(button, fallback(text) ? "Copied" : "Select the text and copy it"); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(copied, failed);
    } else {
      failed();
    }
  });
})();
