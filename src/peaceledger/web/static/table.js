// Sortable tables: a table with data-sortable gets a button in each header; the table stays
// a plain table without JavaScript. Cells may carry data-sort with the value to sort by.
(function () {
  "use strict";
  function key(cell) {
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    var n = parseFloat(raw.replace(/[^0-9.\-]/g, ""));
    return raw !== "" && !isNaN(n) && /^[\s~≥≤$US,.0-9\-a-z%]*$/i.test(raw) ? n : raw.toLowerCase();
  }
  function sortBy(table, col, th) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var asc = th.getAttribute("aria-sort") !== "ascending";
    rows.sort(function (a, b) {
      var x = key(a.cells[col]), y = key(b.cells[col]);
      if (typeof x === typeof y) { return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1); }
      return typeof x === "number" ? -1 : 1;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "sort"; b.textContent = th.textContent;
      b.setAttribute("aria-label", "Sort by " + th.textContent);
      th.textContent = ""; th.appendChild(b);
      b.addEventListener("click", function () { sortBy(table, col, th); });
    });
  });
})();
