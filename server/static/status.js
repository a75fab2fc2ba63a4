// Remember the last validation's duty statuses in this browser tab (nothing is stored on the
// server), and show them on item pages.
(function () {
  var source = document.getElementById("statuses");
  if (source) {
    sessionStorage.setItem("dutygraph-statuses", source.textContent);
    var words = document.getElementById("status-words");
    if (words) sessionStorage.setItem("dutygraph-status-words", words.textContent);
  }
  var cell = document.getElementById("status");
  var saved = sessionStorage.getItem("dutygraph-statuses");
  if (cell && saved) {
    JSON.parse(saved).forEach(function (d) {
      if (d.duty === cell.dataset.code) {
        var names = JSON.parse(sessionStorage.getItem("dutygraph-status-words") || "{}");
        cell.textContent = (names[d.status] || d.status) + "（" + d.achieved + "）";
        cell.className = d.status;
      }
    });
  }
})();
