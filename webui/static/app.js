// Comfort only: the pages work without JavaScript.
document.documentElement.classList.add("js");

// On a phone the filters are folded away behind a "Bộ lọc" button (without JavaScript
// the button is a link down to them).
(function () {
  "use strict";
  var button = document.querySelector(".filter-toggle");
  var facets = document.getElementById("bo-loc");
  if (!button || !facets) { return; }
  button.addEventListener("click", function (event) {
    event.preventDefault();
    var open = facets.classList.toggle("open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { facets.focus({ preventScroll: true }); }  // the button stays in view, the filters right under it
  });
})();

// Autocomplete of persons and codes in the search box, from /suggest.json.
(function () {
  "use strict";
  var box = document.querySelector("input[data-suggest]");
  var list = document.getElementById("goi-y");
  if (!box || !list) { return; }
  var timer = null;
  function lastWords(text) {
    var words = text.trim().split(/\s+/);
    return words.slice(Math.max(0, words.length - 3)).join(" ");
  }
  function fill(values, prefix) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = prefix + value;
      list.appendChild(option);
    });
  }
  box.addEventListener("input", function () {
    clearTimeout(timer);
    var text = box.value;
    var tail = lastWords(text);
    if (tail.length < 2) { fill([], ""); return; }
    timer = setTimeout(function () {
      var prefix = text.slice(0, text.length - tail.length);
      Promise.all(["person", "code"].map(function (field) {
        return fetch("/suggest.json?field=" + field + "&q=" + encodeURIComponent(tail))
          .then(function (r) { return r.ok ? r.json() : { values: [] }; })
          .then(function (d) { return d.values || []; });
      })).then(function (lists) { fill(lists[0].concat(lists[1]).slice(0, 12), prefix); })
        .catch(function () { fill([], ""); });
    }, 200);
  });
})();
