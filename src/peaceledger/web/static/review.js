// Keyboard shortcuts for the review page. Everything also works without JavaScript:
// each candidate is a plain form with Accept / Reject / Save buttons.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("#candidates li[data-fact]"));
  if (!items.length) { return; }
  var current = 0;

  function select(i) {
    if (i < 0 || i >= items.length) { return; }
    items[current].classList.remove("current");
    current = i;
    items[current].classList.add("current");
    items[current].focus({ preventScroll: false });
  }

  function press(value) {
    var button = items[current].querySelector('button[name="decision"][value="' + value + '"]');
    if (button) { button.click(); }
  }

  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT");
  }

  items.forEach(function (li, i) {
    li.addEventListener("focusin", function () {
      if (current !== i) { items[current].classList.remove("current"); current = i; li.classList.add("current"); }
    });
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (typing(ev.target)) {
      if (ev.key === "Escape") { ev.target.blur(); items[current].focus(); }
      return;
    }
    switch (ev.key) {
      case "j": case "ArrowDown": select(current + 1); break;
      case "k": case "ArrowUp": select(current - 1); break;
      case "a": press("accept"); break;
      case "r": press("reject"); break;
      case "e": {
        var details = items[current].querySelector("details.edit");
        if (details) { details.open = true; var first = details.querySelector("input, select"); if (first) { first.focus(); } }
        break;
      }
      default: return;
    }
    ev.preventDefault();
  });

  select(0);
})();
