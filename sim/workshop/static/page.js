// The facilitator's page: polls /api/state about once a second and draws the leaderboard,
// the pacing and each team's path beside the bosses (inline SVG). Plain DOM, no framework,
// nothing fetched from elsewhere. Team names are only ever set as text, never as markup.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var COLOURS = ["#1f5fbf", "#b3261e", "#1b7f3b", "#b8860b", "#6a1b9a", "#00838f",
                 "#ad1457", "#4e342e", "#283593", "#558b2f"];
  // Each team's colour as the report draws it (a team named after a colour gets it).
  var TEAM_COLOURS = {};
  try { TEAM_COLOURS = JSON.parse(document.body.getAttribute("data-colours") || "{}"); }
  catch (e) { TEAM_COLOURS = {}; }
  // The bosses in grey, told apart by their dashes (as in the report), so that no boss
  // takes a team's colour.
  var BOSS_STYLE = {leader: ["#4d4d4d", "8 4"], manager: ["#4d4d4d", "2 3"],
                    balanced: ["#8a8a8a", "8 3 2 3"]};

  // The facilitator's key: taken from ?key= once, kept for this tab, and removed from the
  // address bar so the projector does not show it to the room.
  var params = new URLSearchParams(window.location.search);
  var key = params.get("key");
  try {
    if (key !== null) {
      window.sessionStorage.setItem("orgsim-key", key);
      window.history.replaceState(null, "", window.location.pathname);
    } else {
      key = window.sessionStorage.getItem("orgsim-key");
    }
  } catch (e) { /* storage off: the key stays in the address bar */ }

  // A refused key is not kept: the next visit to the page shows no controls until the
  // facilitator opens the link that `orgsim workshop serve` printed.
  function forgetKey() {
    key = null;
    try { window.sessionStorage.removeItem("orgsim-key"); } catch (e) { /* storage off */ }
  }

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  var state = null;
  var stateAt = 0;          // performance.now() when the state arrived (the timer ticks on)

  function say(text, bad) {
    var box = $("message");
    box.textContent = text || "";
    box.className = bad ? "message bad" : "message";
  }

  function post(path, body) {
    return window.fetch(path, {
      method: "POST", cache: "no-store",
      headers: {"Content-Type": "application/json", "X-Orgsim-Key": key || ""},
      body: JSON.stringify(body || {})
    }).then(function (reply) {
      return reply.json().catch(function () { return {}; }).then(function (data) {
        if (!reply.ok) {
          say(data.error || ("the page refused (" + reply.status + ")"), true);
          if (reply.status === 403) { forgetKey(); }
          return null;
        }
        say("", false);
        poll();
        return data;
      });
    }).catch(function (err) {
      say("the page does not answer (" + err + ")", true);
      return null;
    });
  }

  // ----- formatting --------------------------------------------------------------------------
  function num(v) { return v === null || v === undefined ? "–" : Math.round(v).toLocaleString(); }
  function pct(v) { return v === null || v === undefined ? "–" : Math.round(v * 100) + "%"; }
  function stars(n) {
    if (n === null || n === undefined) { return "–"; }
    return "★★★".slice(0, n) + "☆☆☆".slice(0, 3 - n);
  }
  function clock(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(s / 60);
    var r = s % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }

  // ----- the pacing --------------------------------------------------------------------------
  function secondsLeft() {
    if (!state || state.pacing.seconds_left === null) { return null; }
    if (state.pacing.paused) { return state.pacing.seconds_left; }
    return state.pacing.seconds_left - (window.performance.now() - stateAt) / 1000;
  }

  function drawTimer() {
    var left = secondsLeft();
    var timer = $("timer");
    var allDone = state !== null && state.teams.every(function (t) { return t.finished; });
    if (left === null || allDone) {
      timer.textContent = "";
      return;
    }
    timer.textContent = left > 0 ? clock(left) : "time is up";
    timer.className = left > 0 ? "timer" : "timer out";
  }

  function drawPacing(s) {
    var p = s.pacing;
    $("released").textContent = p.released === 0 ? "Quarter 1 not released yet"
      : "Quarter " + p.released + " of " + s.quarters + " released";
    $("paused").hidden = !p.paused;
    var release = $("release");
    release.disabled = p.released >= s.quarters;
    release.textContent = p.released >= s.quarters ? "All quarters released"
      : "Release quarter " + (p.released + 1);
    $("pause").textContent = p.paused ? "Resume" : "Pause";
    drawTimer();
  }

  // ----- the leaderboard ---------------------------------------------------------------------
  function colourOf(s, name) {
    if (Object.prototype.hasOwnProperty.call(TEAM_COLOURS, name)) { return TEAM_COLOURS[name]; }
    var i = s.teams.map(function (t) { return t.name; }).indexOf(name);
    return COLOURS[i % COLOURS.length];
  }

  function ranked(teams) {
    return teams.slice().sort(function (a, b) {
      var sa = a.stars === null ? -1 : a.stars;
      var sb = b.stars === null ? -1 : b.stars;
      if (sa !== sb) { return sb - sa; }
      return (b.output || 0) - (a.output || 0);
    });
  }

  function drawBoard(s) {
    var body = $("board");
    var money = s.teams.some(function (t) { return t.budget !== null; });
    Array.prototype.forEach.call(document.querySelectorAll(".money"), function (th) {
      th.hidden = !money;
    });
    body.textContent = "";
    var current = s.pacing.released;
    ranked(s.teams).forEach(function (t, i) {
      var row = el("tr");
      row.setAttribute("data-team", t.name);
      row.appendChild(el("td", "n", t.played ? i + 1 : ""));
      var name = el("td", "team");
      var swatch = el("span", "swatch");
      swatch.style.background = colourOf(s, t.name);
      name.appendChild(swatch);
      name.appendChild(document.createTextNode(t.name));
      if (t.stand_in) { name.appendChild(el("span", "note", "played by the " + t.stand_in + " boss")); }
      if (t.integrity && t.integrity !== "ok") {
        name.appendChild(el("span", "flag", "⚠ flagged: " + t.integrity));
      }
      row.appendChild(name);
      row.appendChild(el("td", "stars", stars(t.stars)));
      row.appendChild(el("td", "n", num(t.output)));
      row.appendChild(el("td", "n", pct(t.morale)));
      row.appendChild(el("td", "n", t.quits === null ? "–" : t.quits));
      var budget = el("td", "n money", num(t.budget));
      budget.hidden = !money;
      row.appendChild(budget);
      var where;
      if (t.finished) {
        where = el("td", "committed", t.result === "counted" ? "finished ✓ result in" : "finished");
      } else if (current > 0 && t.committed >= current) {
        where = el("td", "committed", "Q" + current + " committed ✓");
      } else {
        // A team whose game has reached the page (its token seen) but has not played yet is
        // planning; one never seen has not joined: the facilitator can go and help it.
        where = el("td", "waiting", t.played ? "played " + t.played + " of " + s.quarters
          : (t.seen !== null ? "joined, planning" : "not joined yet"));
      }
      if (t.seen !== null && t.seen > 30 && !t.finished) {
        where.appendChild(el("span", "note", "no contact for " + Math.round(t.seen) + " s"));
      }
      row.appendChild(where);
      body.appendChild(row);
    });
  }

  // ----- the paths (inline SVG) --------------------------------------------------------------
  function panel(title, series, quarters, fixedMax) {
    var w = 300, h = 150, left = 34, right = 8, top = 18, bottom = 18;
    var box = svg("svg", {viewBox: "0 0 " + w + " " + h, role: "img", "aria-label": title});
    var max = fixedMax || 1;
    if (!fixedMax) {
      series.forEach(function (sr) {
        sr.values.forEach(function (v) { if (v > max) { max = v; } });
      });
    }
    function x(q) { return left + (w - left - right) * (q / Math.max(1, quarters)); }
    function y(v) { return top + (h - top - bottom) * (1 - v / max); }
    var label = svg("text", {x: left, y: 12});
    label.textContent = title;
    box.appendChild(label);
    box.appendChild(svg("line", {x1: left, y1: y(0), x2: w - right, y2: y(0), stroke: "#bbb"}));
    var top_ = svg("text", {x: 2, y: y(max) + 4});
    top_.textContent = fixedMax ? "100%" : num(max);
    box.appendChild(top_);
    series.forEach(function (sr) {
      if (!sr.values.length) { return; }
      var points = sr.values.map(function (v, i) { return x(i + 1) + "," + y(v); });
      var attrs = {points: points.join(" "), fill: "none", stroke: sr.colour,
                   "stroke-width": sr.width, "stroke-linejoin": "round"};
      if (sr.dashes) { attrs["stroke-dasharray"] = sr.dashes; }
      box.appendChild(svg("polyline", attrs));
    });
    return box;
  }

  function drawCharts(s) {
    var holder = $("charts");
    holder.textContent = "";
    s.teams.forEach(function (t) {
      var card = el("figure", "chart");
      var head = el("h3");
      var swatch = el("span", "swatch");
      swatch.style.background = colourOf(s, t.name);
      head.appendChild(swatch);
      head.appendChild(document.createTextNode(t.name));
      card.appendChild(head);
      ["output_cum", "morale"].forEach(function (metric) {
        var series = Object.keys(s.bosses).map(function (b) {
          var style = BOSS_STYLE[b] || ["#999999", "4 4"];
          return {values: s.bosses[b][metric], colour: style[0], width: 2, dashes: style[1]};
        });
        series.push({values: t.path[metric], colour: colourOf(s, t.name), width: 4,
                     dashes: null});
        var title = metric === "morale" ? "Morale" : "Output so far (" + s.output_unit + ")";
        card.appendChild(panel(title, series, s.quarters, metric === "morale" ? 1 : 0));
      });
      holder.appendChild(card);
    });
  }

  // ----- the facilitator's controls ----------------------------------------------------------
  function drawStandIns(s) {
    s.teams.forEach(function (t) {
      var select = document.querySelector('select[data-team="' + CSS.escape(t.name) + '"]');
      if (select && document.activeElement !== select) { select.value = t.stand_in || ""; }
    });
  }

  function wireControls() {
    var controls = $("controls");
    if (!controls) { return; }
    if (key) { controls.hidden = false; }
    $("release").addEventListener("click", function () { post("/api/release", {}); });
    $("pause").addEventListener("click", function () {
      post("/api/pause", {paused: !(state && state.pacing.paused)});
    });
    Array.prototype.forEach.call(document.querySelectorAll("select[data-team]"), function (sel) {
      sel.addEventListener("change", function () {
        post("/api/stand-in", {team: sel.getAttribute("data-team"), boss: sel.value || null});
      });
    });
  }

  // ----- polling -----------------------------------------------------------------------------
  function render(s) {
    drawPacing(s);
    drawBoard(s);
    drawCharts(s);
    drawStandIns(s);
  }

  function poll() {
    window.fetch("/api/state", {cache: "no-store"}).then(function (reply) {
      if (!reply.ok) { throw new Error(String(reply.status)); }
      return reply.json();
    }).then(function (s) {
      state = s;
      stateAt = window.performance.now();
      $("offline").hidden = true;
      render(s);
    }).catch(function () {
      $("offline").hidden = false;
    });
  }

  wireControls();
  poll();
  window.setInterval(poll, 1000);
  window.setInterval(drawTimer, 250);
}());
