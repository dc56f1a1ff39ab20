/* The dashboard's dates, kept right after the build day.
 *
 * The pages carry their build date (data-ft-built) and every due date
 * (data-ft-due, <time datetime>). This recomputes the relative labels
 * ("3 days overdue", "due today", "in 2 days") from today in the site's timezone,
 * moves Today's items between Overdue / Due today / Coming week, and shows
 * "built N days ago" when the build is more than a day old. Today also carries the
 * items due 8 to 14 days after the build, hidden: each shows on the day it enters
 * the coming week, so the page stays right for two weeks.
 * No data leaves the page; nothing is fetched. Works with instant navigation.
 *
 * main.html puts this script inline right after the page's content, so it runs before the
 * first paint: the page appears already regrouped and never jumps. Instant navigation runs
 * it again on each new page (Material re-evaluates the scripts in the content): then it
 * only updates that page.
 *
 * Its comments and names stay neutral: on a sealed site this is public (guide/private-dashboard.md).
 */
(function () {
  "use strict";

  if (window.__ftDates) {
    window.__ftDates();
    return;
  }

  var DAY = 86400000;
  var WEEK_SHOWN = 7; // Today's "Coming week"; the page also carries the week after it, hidden
  var WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  function parseDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : null;
  }

  // "Today" in the configured time zone (data-ft-tz), as the build and the CLI
  // count it; the browser's own date when the zone is unknown to it.
  function localToday(timeZone) {
    var now = new Date();
    if (timeZone && window.Intl) {
      try {
        var parts = new Intl.DateTimeFormat("en-CA", {
          timeZone: timeZone, year: "numeric", month: "2-digit", day: "2-digit"
        }).formatToParts(now);
        var get = function (type) {
          for (var i = 0; i < parts.length; i++) if (parts[i].type === type) return +parts[i].value;
          return NaN;
        };
        var utc = Date.UTC(get("year"), get("month") - 1, get("day"));
        if (!isNaN(utc)) return utc;
      } catch (e) { /* unknown zone: fall through */ }
    }
    return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  }

  function relative(daysOverdue) {
    if (daysOverdue === 0) return "due today";
    if (daysOverdue === 1) return "1 day overdue";
    if (daysOverdue > 1) return daysOverdue + " days overdue";
    if (daysOverdue === -1) return "tomorrow";
    return "in " + -daysOverdue + " days";
  }

  function groupOf(daysOverdue) {
    return daysOverdue > 0 ? "overdue" : daysOverdue === 0 ? "today" : "upcoming";
  }

  function updateLabels(root, today) {
    var labels = root.querySelectorAll(".ft-rel[data-ft-due]");
    for (var i = 0; i < labels.length; i++) {
      var due = parseDate(labels[i].getAttribute("data-ft-due"));
      if (due === null) continue;
      var days = Math.round((today - due) / DAY);
      labels[i].textContent = relative(days);
      labels[i].classList.remove("ft-rel--overdue", "ft-rel--today", "ft-rel--ahead");
      labels[i].classList.add(days > 0 ? "ft-rel--overdue" : days === 0 ? "ft-rel--today" : "ft-rel--ahead");
    }
  }

  // An entry's "Next:" box: red when overdue, orange when due today, green ahead.
  function updateNext(root, today) {
    var boxes = root.querySelectorAll(".ft-next[data-ft-due]");
    for (var i = 0; i < boxes.length; i++) {
      var due = parseDate(boxes[i].getAttribute("data-ft-due"));
      if (due === null) continue;
      var days = Math.round((today - due) / DAY);
      boxes[i].classList.remove("danger", "warning", "tip");
      boxes[i].classList.add(days > 0 ? "danger" : days === 0 ? "warning" : "tip");
    }
  }

  function regroup(root, today) {
    var sections = {};
    var found = root.querySelectorAll("[data-ft-group]");
    if (!found.length) return;
    for (var i = 0; i < found.length; i++) {
      sections[found[i].getAttribute("data-ft-group")] = found[i];
    }
    var quietGroup = root.querySelector("[data-ft-quiet-group]");
    var items = root.querySelectorAll("[data-ft-group] .ft-due[data-ft-due]");
    for (var j = 0; j < items.length; j++) {
      var item = items[j];
      // Its cadence ran out (and the grace after it): it has gone quiet on that day, not "overdue".
      var quietOn = parseDate(item.getAttribute("data-ft-quiet"));
      if (quietGroup && quietOn !== null && today >= quietOn) {
        moveToQuiet(item, quietGroup);
        continue;
      }
      var days = Math.round((today - parseDate(item.getAttribute("data-ft-due"))) / DAY);
      var target = sections[groupOf(days)];
      if (!target) continue;
      item.hidden = days < -WEEK_SHOWN; // beyond the coming week (yet)
      var list = target.querySelector(".ft-list");
      if (item.parentNode !== list) list.appendChild(item);
    }
    var dueNow = 0;
    for (var name in sections) {
      var section = sections[name];
      var ol = section.querySelector(".ft-list");
      var kids = Array.prototype.slice.call(ol.children);
      // People first (someone to write to), then by date: as the build orders each group; the coming
      // week stays in date order, tomorrow first, people first within each day.
      var byDayFirst = name === "upcoming";
      kids.sort(function (a, b) {
        var nobodyA = a.hasAttribute("data-ft-nobody") ? 1 : 0, nobodyB = b.hasAttribute("data-ft-nobody") ? 1 : 0;
        var dueA = a.getAttribute("data-ft-due"), dueB = b.getAttribute("data-ft-due");
        var byDate = dueA < dueB ? -1 : dueA > dueB ? 1 : 0;
        if (byDayFirst && byDate !== 0) return byDate;
        if (nobodyA !== nobodyB) return nobodyA - nobodyB;
        return byDate;
      });
      var shown = 0;
      for (var k = 0; k < kids.length; k++) {
        ol.appendChild(kids[k]);
        if (!kids[k].hidden) shown++;
      }
      var count = section.querySelector("[data-ft-count]");
      if (count) count.textContent = String(shown);
      var empty = section.querySelector(".ft-empty");
      if (empty) empty.hidden = shown > 0;
      if (name !== "upcoming") dueNow += shown;
    }
    var total = root.querySelector("[data-ft-due-now]");
    if (total) total.textContent = String(dueNow);
  }

  function moveToQuiet(item, group) {
    item.hidden = false;
    item.classList.add("ft-due--quiet");
    var label = item.querySelector(".ft-rel");
    if (label) {
      label.removeAttribute("data-ft-due");
      label.textContent = "gone quiet";
    }
    group.querySelector(".ft-list").appendChild(item);
    var shown = group.querySelectorAll(".ft-list > li").length;
    var count = group.querySelector("[data-ft-quiet-count]");
    if (count) count.textContent = String(+count.textContent + 1);
    var intro = group.querySelector(".ft-quiet-intro");
    if (intro) intro.hidden = false;
    var empty = group.querySelector(".ft-empty");
    if (empty) empty.hidden = shown > 0;
  }

  // Planned conversations: "in 3 days", "tomorrow", "today" until their day; gone the day after.
  function updatePlanned(root, today) {
    var groups = root.querySelectorAll("[data-ft-planned-group]");
    for (var g = 0; g < groups.length; g++) {
      var items = groups[g].querySelectorAll("[data-ft-on]");
      var shown = 0;
      for (var i = 0; i < items.length; i++) {
        var on = parseDate(items[i].getAttribute("data-ft-on"));
        if (on === null) continue;
        var days = Math.round((on - today) / DAY);
        items[i].hidden = days < 0;
        if (days < 0) continue;
        shown++;
        var label = items[i].querySelector(".ft-on");
        if (label) label.textContent = days === 0 ? "today" : days === 1 ? "tomorrow" : "in " + days + " days";
      }
      groups[g].hidden = shown === 0;
      var count = groups[g].querySelector("[data-ft-planned-count]");
      if (count) count.textContent = String(shown);
    }
  }

  function showAge(root, today) {
    var built = parseDate(root.getAttribute("data-ft-built"));
    if (built === null) return;
    var age = Math.round((today - built) / DAY);
    var notices = root.querySelectorAll(".ft-stale");
    for (var i = 0; i < notices.length; i++) {
      var stale = age > 1;
      notices[i].hidden = !stale;
      var span = notices[i].querySelector("[data-ft-age]");
      if (span) span.textContent = age + " days ago";
    }
  }

  // Today's heading names the day it is viewed, once that is not the build day.
  function showViewingDay(root, today) {
    var heading = root.querySelector("[data-ft-today]");
    var built = parseDate(root.getAttribute("data-ft-built"));
    if (!heading || built === null || today === built) return;
    var day = new Date(today);
    var iso = day.toISOString().slice(0, 10);
    var time = heading.querySelector("time") || heading;
    if (time.setAttribute) time.setAttribute("datetime", iso);
    time.textContent = WEEKDAYS[day.getUTCDay()] + " " + day.getUTCDate() + " " + MONTHS[day.getUTCMonth()] +
      " " + day.getUTCFullYear();
  }

  // Wide charts scroll sideways on a phone: open them on the latest weeks (the right end).
  function scrollChartsToLatest(root) {
    var charts = root.querySelectorAll(".ft-chart--scroll");
    for (var i = 0; i < charts.length; i++) charts[i].scrollLeft = charts[i].scrollWidth;
  }

  function update() {
    var root = document.querySelector("[data-ft-built]");
    if (!root) return;
    try {
      var today = localToday(root.getAttribute("data-ft-tz"));
      updateLabels(root, today);
      updateNext(root, today);
      regroup(root, today);
      updatePlanned(root, today);
      showAge(root, today);
      showViewingDay(root, today);
      scrollChartsToLatest(root);
    } finally {
      root.classList.add("ft-dated"); // shown from now on (dashboard.css)
    }
  }

  window.__ftDates = update;
  update(); // now: the content above is parsed, nothing painted yet
  // The private dashboard opens its sealed pages after Material shows them (unlock.js).
  document.addEventListener("ft:unsealed", update);
  // Pages that instant navigation swaps in: Material's bundle (loaded after this) emits each.
  function follow() {
    if (typeof window.document$ !== "undefined" && window.document$.subscribe) window.document$.subscribe(update);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", follow);
  else follow();
})();
