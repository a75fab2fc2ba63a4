// Remember the last validation's duty statuses in this browser tab (nothing is stored on the
// server), and show them on item pages.
(function () {
  var source = document.getElementById("statuses");
  if (source) {
    sessionStorage.setItem("dutygraph-statuses", source.textContent);
  }
  var cell = document.getElementById("status");
  var saved = sessionStorage.getItem("dutygraph-statuses");
  if (cell && saved) {
    JSON.parse(saved).forEach(function (d) {
      if (d.duty === cell.dataset.code) {
        cell.textContent = d.status + " (" + d.achieved + ")";
        cell.className = d.status;
      }
    });
  }
})();
