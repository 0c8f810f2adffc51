/// The viewer's stylesheet and its one script, served from memory (`/assets/…`). The script is
/// plain JavaScript with no library: pan and zoom of the diagram, clicks on its nodes, search
/// suggestions, and the diagram form's mode. Pages work without it but for those.
enum Assets {
    static let css = """
        :root { --ink: #1d2733; --muted: #5b6770; --line: #d7dde2; --accent: #1f5f8b; --warn: #a33c2a; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; color: var(--ink); }
        header { display: flex; flex-wrap: wrap; gap: 1em; align-items: center; padding: .6em 1.2em; background: #f3f6f8; border-bottom: 1px solid var(--line); }
        header .brand { font-weight: 700; color: var(--ink); text-decoration: none; }
        header form { display: flex; gap: .3em; flex: 1; max-width: 36em; }
        header input[type=search] { flex: 1; padding: .35em .5em; }
        nav a { margin-right: .8em; }
        main { padding: 1em 1.2em 3em; max-width: 90em; }
        a { color: var(--accent); }
        table { border-collapse: collapse; margin: .5em 0 1.2em; }
        th, td { border-bottom: 1px solid var(--line); padding: .3em .6em; text-align: left; vertical-align: top; }
        th { background: #f7f9fa; }
        blockquote { margin: .2em 0 .4em 1em; padding-left: .6em; border-left: 3px solid var(--line); color: var(--muted); }
        .facts { color: var(--muted); }
        .actions a { display: inline-block; margin: 0 .6em .4em 0; }
        .columns { display: flex; flex-wrap: wrap; gap: 2em; }
        .empty, .note { color: var(--muted); }
        .warning, .error { color: var(--warn); }
        form.query { display: flex; flex-wrap: wrap; gap: .6em; align-items: end; margin: .6em 0 1em; }
        form.query input { padding: .25em .4em; }
        ol.path li { margin-bottom: .5em; }
        .toolbar { display: flex; flex-wrap: wrap; gap: 1.5em; margin: .4em 0; }
        .diagram { border: 1px solid var(--line); height: 72vh; overflow: hidden; cursor: grab; background: #fff; }
        .diagram svg { width: 100%; height: 100%; }
        .diagram g.node[data-id] { cursor: pointer; }
        """

    static let javascript = #"""
        "use strict";
        // Search suggestions: names and aliases as one types (the form still submits to /search).
        (function () {
          const box = document.getElementById("search"), list = document.getElementById("suggestions");
          if (!box || !list) return;
          let pending;
          box.addEventListener("input", function () {
            clearTimeout(pending);
            const text = box.value.trim();
            if (!text) return;
            pending = setTimeout(function () {
              fetch("/api/search?limit=8&q=" + encodeURIComponent(text)).then(r => r.ok ? r.json() : { nodes: [] }).then(function (answer) {
                list.replaceChildren(...answer.nodes.map(function (node) {
                  const option = document.createElement("option");
                  option.value = node.name;
                  option.label = node.id + " · " + node.kind;
                  return option;
                }));
              }).catch(function () {});
            }, 150);
          });
        })();

        // The diagram form: the node field's name follows the chosen mode.
        (function () {
          const mode = document.getElementById("diagram-mode"), form = document.getElementById("diagram-form");
          if (!mode || !form) return;
          mode.addEventListener("change", function () {
            const fields = form.querySelectorAll("input");
            fields[0].name = mode.value;
            fields[1].name = mode.value === "around" ? "hops" : "depth";
            fields[1].value = mode.value === "around" ? "1" : "3";
          });
        })();

        // The diagram: pan by dragging, zoom with the wheel or the buttons; a click on a node opens
        // its page, or adds its neighbours to the drawing.
        (function () {
          const frame = document.getElementById("diagram");
          const svg = frame && frame.querySelector("svg");
          if (!svg) return;
          const box = svg.viewBox.baseVal;
          const home = { x: box.x, y: box.y, width: box.width, height: box.height };
          svg.removeAttribute("width");
          svg.removeAttribute("height");
          function zoom(factor, cx, cy) {
            const x = cx === undefined ? box.x + box.width / 2 : cx, y = cy === undefined ? box.y + box.height / 2 : cy;
            box.x = x - (x - box.x) * factor;
            box.y = y - (y - box.y) * factor;
            box.width *= factor;
            box.height *= factor;
          }
          function point(event) {
            const matrix = svg.getScreenCTM().inverse();
            const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix);
            return p;
          }
          frame.addEventListener("wheel", function (event) {
            event.preventDefault();
            const p = point(event);
            zoom(event.deltaY < 0 ? 0.8 : 1.25, p.x, p.y);
          }, { passive: false });
          let drag = null, moved = false;
          frame.addEventListener("pointerdown", function (event) { drag = point(event); moved = false; });
          frame.addEventListener("pointermove", function (event) {
            if (!drag) return;
            const p = point(event);
            if (Math.abs(p.x - drag.x) + Math.abs(p.y - drag.y) > 2) moved = true;
            box.x -= p.x - drag.x;
            box.y -= p.y - drag.y;
          });
          window.addEventListener("pointerup", function () { drag = null; });
          document.querySelectorAll("[data-zoom]").forEach(function (button) {
            button.addEventListener("click", function () {
              if (button.dataset.zoom === "fit") Object.assign(box, home);
              else zoom(button.dataset.zoom === "in" ? 0.8 : 1.25);
            });
          });
          // Graphviz gives each node with a tooltip an <a xlink:title> and its DOT name as <title>;
          // the legend's nodes have no tooltip.
          svg.querySelectorAll("g.node").forEach(function (node) {
            const title = node.querySelector("title"), link = node.querySelector("a");
            if (!title || !link || !link.getAttributeNS("http://www.w3.org/1999/xlink", "title")) return;
            node.dataset.id = title.textContent;
            node.addEventListener("click", function (event) {
              if (moved) return;
              event.preventDefault();
              const expand = document.getElementById("click-expand");
              if (expand && expand.checked) {
                const query = new URLSearchParams(window.location.search);
                query.append("expand", node.dataset.id);
                window.location.search = query.toString();
              } else {
                window.location.href = "/node?id=" + encodeURIComponent(node.dataset.id);
              }
            });
          });
        })();
        """#
}
