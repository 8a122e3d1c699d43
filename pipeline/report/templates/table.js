// Filter, sort and page through a table of the page; without JavaScript every row stays visible.
(function () {
  var table = document.querySelector("table.sortable");
  if (!table) { return; }
  var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
  var filter = document.getElementById("filter"), pager = document.getElementById("pager");
  var pageSize = 100, page = 0, shown = rows, sortColumn = -1, ascending = true;
  function value(row, column) {
    var cell = row.cells[column];
    var raw = cell.getAttribute("data-value");
    return raw === null ? cell.textContent.trim().toLowerCase() : raw;
  }
  function render() {
    var pages = Math.max(1, Math.ceil(shown.length / pageSize));
    page = Math.max(0, Math.min(page, pages - 1));
    var fresh = body.cloneNode(false);  // one swap instead of thousands of removals
    shown.slice(page * pageSize, (page + 1) * pageSize).forEach(function (row) { fresh.appendChild(row); });
    table.replaceChild(fresh, body);
    body = fresh;
    var first = shown.length ? page * pageSize + 1 : 0, last = Math.min((page + 1) * pageSize, shown.length);
    document.getElementById("shown").textContent = "rows " + first + "–" + last + " of " + shown.length +
      (shown.length < rows.length ? " (filtered from " + rows.length + ")" : "") + ", page " + (page + 1) + " of " + pages;
  }
  function applyFilter() {
    var query = filter.value.trim().toLowerCase();
    shown = rows.filter(function (row) { return row.textContent.toLowerCase().indexOf(query) !== -1; });
  }
  filter.addEventListener("input", function () { applyFilter(); page = 0; render(); });
  document.getElementById("previous").addEventListener("click", function () { page -= 1; render(); });
  document.getElementById("next").addEventListener("click", function () { page += 1; render(); });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
    header.addEventListener("click", function () {
      ascending = sortColumn === column ? !ascending : header.getAttribute("data-type") !== "number";
      sortColumn = column;
      var numeric = header.getAttribute("data-type") === "number";
      var sorted = rows.slice().sort(function (a, b) {
        var x = value(a, column), y = value(b, column);
        var order = numeric ? Number(x) - Number(y) : (x < y ? -1 : x > y ? 1 : 0);
        return ascending ? order : -order;
      });
      rows = sorted;
      applyFilter(); render();
    });
  });
  // A link such as entities-LOC.html#filter=astana opens the table filtered.
  if (location.hash.indexOf("#filter=") === 0) {
    filter.value = decodeURIComponent(location.hash.slice("#filter=".length));
    applyFilter();
  }
  render();
}());
