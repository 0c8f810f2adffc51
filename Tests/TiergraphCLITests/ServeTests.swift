import Foundation
import XCTest

/// `tiergraph serve` over real loopback HTTP: every route, its errors, hostile names, edits,
/// shutdown. The browser tests (Tests/Browser) click through the same server.
final class ServeTests: ServerTestCase {
    /// Each API route answers exactly the JSON its command prints.
    func testTheAPIAnswersWhatTheCommandsPrint() throws {
        let database = try curatedDatabase()
        let server = try serve(database)
        let pairs: [(String, [String])] = [
            ("api/search?q=\(encoded("台積電"))", ["find", "台積電", "--limit", "20"]),
            ("api/node?id=nvidia", ["show", "nvidia"]),
            ("api/item?id=\(encoded("英伟达"))", ["show", "英伟达"]),
            ("api/source?id=000_663c24318a0e2293.txt", ["show", "000_663c24318a0e2293.txt"]),
            ("api/sources", ["sources"]),
            ("api/stats", ["stats"]),
            ("api/path?from=tsmc&to=csp:china&k=3", ["path", "tsmc", "csp:china", "--k", "3"]),
            ("api/path?from=tsmc&to=bytedance&any_direction=true&avoid=nvidia", ["path", "tsmc", "bytedance", "--any-direction", "--avoid", "nvidia"]),
            ("api/paths?from=tsmc&to=csp:china&max_depth=4&any_direction=1", ["paths", "tsmc", "csp:china", "--max-depth", "4", "--any-direction", "--limit", "100"]),
            ("api/upstream?id=chip:h200&depth=2", ["upstream", "chip:h200", "--depth", "2"]),
            ("api/downstream?id=tsmc", ["downstream", "tsmc"]),
            ("api/neighbors?id=nvidia&hops=2", ["neighbors", "nvidia", "--hops", "2"]),
            ("api/chokepoints?id=chip:h200&by=country", ["chokepoints", "chip:h200", "--by", "country"]),
            ("api/impact?remove=tsmc", ["impact", "--remove", "tsmc"]),
            ("api/impact?remove_where=country=US&of=csp", ["impact", "--remove-where", "country=US", "--of", "csp"]),
            ("api/impact?remove=tsmc,gov:us&as_of=2025", ["impact", "--remove", "tsmc", "gov:us", "--as-of", "2025"]),
            ("api/exposure?id=market:china-ai-chips", ["exposure", "market:china-ai-chips"]),
        ]
        for (route, arguments) in pairs {
            let served = try getJSON(server, route)
            let printed = try json(try ok(arguments + ["--db", database, "--format", "json"]))
            XCTAssertEqual(served as NSDictionary, printed as NSDictionary, route)
        }
        let path = try getJSON(server, "api/path?from=tsmc&to=csp:china")
        let edge = try XCTUnwrap((((path["paths"] as? [[String: Any]])?.first?["edges"]) as? [[String: Any]])?.first?["id"] as? String)
        XCTAssertEqual(try getJSON(server, "api/edge?id=\(edge)") as NSDictionary,
                       try json(try ok(["show", edge, "--db", database, "--format", "json"])) as NSDictionary)
    }

    func testBadRequestsAreClearErrors() throws {
        let server = try serve(try curatedDatabase())
        try failsJSON(server, "api/node?id=no-such-node", 404, saying: "no-such-node")
        try failsJSON(server, "api/node?id=000_663c24318a0e2293.txt", 404, saying: "is not a node (it is a source)")
        try failsJSON(server, "api/node", 400, saying: "missing parameter 'id'")
        try failsJSON(server, "api/path?from=tsmc&to=csp:china&k=0", 400, saying: "parameter 'k' must be a whole number from 1 to 100")
        try failsJSON(server, "api/path?from=tsmc&to=csp:china&k=many", 400, saying: "not 'many'")
        try failsJSON(server, "api/path?from=tsmc&to=csp:china&kk=2", 400, saying: "unknown parameter 'kk'; this route takes: any_direction, as_of")
        try failsJSON(server, "api/path?from=tsmc&to=csp:china&weight=colour", 400, saying: "colour")
        try failsJSON(server, "api/upstream?id=tsmc&include=gossip", 400, saying: "forecast")
        try failsJSON(server, "api/upstream?id=tsmc&as_of=yesterday", 400, saying: "yesterday")
        try failsJSON(server, "api/upstream?id=tsmc&depth=-1", 400, saying: "'depth'")
        try failsJSON(server, "api/chokepoints?id=chip:h200&of=planet", 400, saying: "planet")
        try failsJSON(server, "api/impact?remove_where=country", 400, saying: "FIELD=VALUE")
        try failsJSON(server, "api/impact?remove_where=country=Atlantis", 400, saying: "Atlantis")
        try failsJSON(server, "api/impact", 400, saying: "nothing to remove")
        try failsJSON(server, "api/any_direction?x=1", 404, saying: "no API route /api/any_direction")
        try failsJSON(server, "api/node?id=" + String(repeating: "x", count: 5_000), 413, saying: "longer than 4096 bytes")
        try failsJSON(server, "api/paths?from=tsmc&to=csp:china&max_depth=4&limit=100000", 400, saying: "'limit'")
        try failsJSON(server, "api/path?from=tsmc&to=csp:china&timeout=1e9", 400, saying: "'timeout'")
        let page = try request(server, "node?id=no-such-node")
        XCTAssertEqual(page.status, 404)
        XCTAssertTrue(page.text.contains("no node with id, name or alias"), page.text)
        XCTAssertEqual(try request(server, "nowhere").status, 404)
        // A malformed percent escape is kept as typed, and found nowhere.
        try failsJSON(server, "api/node?id=%E4%ZZ", 404, saying: "%E4%ZZ")
    }

    func testEveryPageAnswersWithItsContent() throws {
        let server = try serve(try curatedDatabase())
        let pages: [(String, String)] = [
            ("", "Nodes by kind"), ("search?q=\(encoded("台積電"))", "TSMC"), ("search?q=\(encoded("英伟达"))", "nvidia"),
            ("node?id=tsmc", "H200芯片采用台积电4nm工艺"), ("node?id=\(encoded("台积电"))", "<h1 id=\"node-name\">TSMC</h1>"),
            ("source?id=000_663c24318a0e2293.txt", "Nodes citing it"), ("sources", "Sources ("),
            ("path?from=tsmc&to=csp:china&k=3", "Chinese cloud service providers"), ("path", "Find paths"),
            ("tiers?id=chip:h200", "What it needs"), ("tiers?id=tsmc&direction=downstream", "Downstream of"),
            ("chokepoints?id=chip:h200", "TSMC"), ("chokepoints?id=chip:h200&by=country", "Groups by country"),
            ("whatif?remove=tsmc", "Loses all supply"), ("whatif", "remove every node with"),
            ("claims?id=market:china-ai-chips", "superseded"), ("diagram", "Draw"),
            ("diagram?upstream=chip:h200&depth=2", "<svg"), ("diagram?from=tsmc&to=csp:china&expand=nvidia", "Nvidia"),
        ]
        for (route, words) in pages {
            let reply = try request(server, route)
            XCTAssertEqual(reply.status, 200, "\(route): \(reply.text.prefix(300))")
            XCTAssertEqual(reply.headers["content-type"], "text/html; charset=utf-8", route)
            XCTAssertTrue(reply.headers["content-security-policy"]?.contains("script-src 'self'") ?? false, route)
            XCTAssertTrue(reply.text.contains(words), "\(route) lacks \(words)")
        }
        let expanded = try request(server, "diagram?from=tsmc&to=csp:china&expand=nvidia").text
        let plain = try request(server, "diagram?from=tsmc&to=csp:china").text
        XCTAssertTrue(expanded.contains("<title>csp:bytedance</title>") || expanded.components(separatedBy: "class=\"node\"").count > plain.components(separatedBy: "class=\"node\"").count,
                      "expanding Nvidia adds its neighbours")
        try failsJSON(server, "api/search?q=x&limit=0", 400, saying: "'limit'")
        // Links from a page ask the same question: every filter kept, depth within what a diagram draws.
        let paths = try request(server, "path?from=tsmc&to=csp:china&k=2&edge_kinds=manufactures,exports_to&weight=hops&timeout=5").text
        XCTAssertTrue(paths.contains("href=\"/diagram?from=tsmc&amp;to=csp:china&amp;k=2&amp;edge_kinds=manufactures%2Cexports_to&amp;weight=hops\""), paths)
        let tiers = try request(server, "tiers?id=chip:h200&depth=500&edge_kinds=manufactures").text
        XCTAssertTrue(tiers.contains("href=\"/diagram?upstream=chip:h200&amp;depth=100&amp;edge_kinds=manufactures\""), tiers)
        let whatIf = try request(server, "whatif?remove_where=country=US&remove_where=country=TW&as_of=2025").text
        XCTAssertFalse(whatIf.contains("The first 2000"), "no cap needed here")
        XCTAssertEqual(try request(server, "diagram?upstream=chip:h200&depth=100&edge_kinds=manufactures").status, 200)
        XCTAssertEqual(try request(server, "tiers?id=tsmc&direction=sideways").status, 400)
    }

    func testDiagramsDownloadAsDOTSVGPNGAndJSON() throws {
        let server = try serve(try curatedDatabase())
        let svg = try request(server, "diagram.svg?upstream=chip:h200&depth=2")
        XCTAssertEqual(svg.status, 200)
        XCTAssertEqual(svg.headers["content-type"], "image/svg+xml")
        XCTAssertTrue(svg.text.contains("<svg") && svg.text.contains("TSMC"))
        let png = try request(server, "diagram.png?from=tsmc&to=csp:china")
        XCTAssertEqual(Array(png.body.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let dot = try request(server, "diagram.dot?around=nvidia")
        XCTAssertTrue(dot.text.hasPrefix("digraph"), dot.text.prefix(80).description)
        XCTAssertEqual(dot.headers["content-disposition"], "attachment; filename=\"diagram.dot\"")
        XCTAssertEqual(dot.text, try ok(["export", "--format", "dot", "--diagram", "--around", "nvidia", "--db", path("g.db")]), "the download is the DOT drawn")
        let document = try json(try request(server, "diagram.json?around=nvidia").text)
        XCTAssertNotNil(document["nodes"])
        try failsJSON(server, "diagram.svg?around=nvidia&upstream=tsmc", 400, saying: "choose one of")
        try failsJSON(server, "diagram.svg", 400, saying: "say what to draw")
        try failsJSON(server, "diagram.svg?around=nvidia&cluster_by=colour", 400, saying: "kind or country")
        _ = try ok(["generate", "--nodes", "6000", "--out", path("big")])
        _ = try ok(["import", path("big"), "--db", "big.db"])
        let big = try serve(path("big.db"))
        try failsJSON(big, "diagram.svg?all=true", 413, saying: "draws at most 1500")
        // A page lists at most 2,000 rows per table and links the JSON, which has them all.
        let page = try request(big, "whatif?remove_where=kind=supplier").text
        let all = try XCTUnwrap(try getJSON(big, "api/impact?remove_where=kind=supplier")["loses_all"] as? [Any])
        XCTAssertGreaterThan(all.count, 2_000)
        XCTAssertTrue(page.contains("The first 2000 of \(all.count) are shown"), page.suffix(500).description)
        XCTAssertEqual(page.components(separatedBy: "<tr>").count - 1, 1 + 2_000 + 1 + 1_277, "header and capped rows of both tables")
    }

    /// Names that are markup show as text in pages, diagrams and JSON.
    func testHostileNamesAreTextEverywhere() throws {
        let name = "<script>alert(1)</script>", alias = "\"><img src=x onerror=alert(2)>"
        try write("evil/nodes.csv", "id,kind,name,aliases\nx:evil,company,\"\(name)\",\"\(alias.replacingOccurrences(of: "\"", with: "\"\""))\"\nnvidia,company,Nvidia,\n")
        try write("evil/edges.csv", "source,target,kind,input\nx:evil,nvidia,supplies,\"</td><script>alert(3)</script>\"\n")
        _ = try ok(["import", path("evil"), "--db", "evil.db"])
        let server = try serve(path("evil.db"))
        for route in ["node?id=x:evil", "search?q=script", "node?id=nvidia", "tiers?id=nvidia", "diagram?around=nvidia", "whatif?remove=x:evil",
                      "chokepoints?id=nvidia", "path?from=x:evil&to=nvidia", "diagram.svg?around=nvidia", "search?q=\(encoded(name))"] {
            let text = try request(server, route).text
            XCTAssertFalse(text.contains("<script>alert"), route)
            XCTAssertFalse(text.contains("<img src=x"), route)
            XCTAssertFalse(text.contains("</td><script>"), route)
        }
        XCTAssertTrue(try request(server, "node?id=x:evil").text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let node = try XCTUnwrap(try getJSON(server, "api/node?id=x:evil")["node"] as? [String: Any])
        XCTAssertEqual(node["name"] as? String, name)
        XCTAssertEqual(node["aliases"] as? [String], [alias])
    }

    /// A source whose URL is a script is shown, not linked; its title, publisher and quotes are
    /// text; names with quotes, newlines, bidirectional and zero-width characters or 20,000
    /// letters are text in every page and in the SVG.
    func testHostileSourcesAndOddNamesAreTextEverywhere() throws {
        let long = String(repeating: "L", count: 20_000)
        try write("odd/sources.csv", """
            id,title,publisher,date,url
            s:js,<i>title</i>,<b>pub</b>,,javascript:alert(document.cookie)
            s:data,data,p,,"data:text/html,<script>alert(1)</script>"
            s:web,web,p,,"https://example.com/?a=1&b=""><script>alert(6)</script>"

            """)
        try write("odd/nodes.csv", [
            "id,kind,name,source_ref,quote",
            "x:quote,company,\"Quote \"\" ' &amp; end\",s:js,\"\"\"><svg onload=alert(4)>\"",
            "x:nl,company,\"line1\n</p><script>alert(7)</script>\",s:data,",
            "x:bidi,company,\u{202E}gnp.exe\u{200B}\u{FEFF},s:web,",
            "x:long,company,\(long),,",
            "nvidia,company,Nvidia,,",
        ].joined(separator: "\n") + "\n")
        try write("odd/edges.csv", "source,target,kind\nx:quote,nvidia,supplies\nx:nl,nvidia,supplies\nx:bidi,nvidia,supplies\nx:long,nvidia,supplies\n")
        _ = try ok(["import", path("odd"), "--db", "odd.db"])
        let server = try serve(path("odd.db"))
        let markup = ["<script>alert", "<svg onload", "<i>title</i>", "<b>pub</b>", "href=\"javascript:", "href=\"data:", "\"><script>"]
        for route in ["source?id=s:js", "source?id=s:data", "source?id=s:web", "sources", "node?id=x:quote", "node?id=x:nl", "node?id=x:bidi",
                      "node?id=x:long", "node?id=nvidia", "tiers?id=nvidia", "whatif?remove=x:nl", "diagram?upstream=nvidia", "diagram.svg?upstream=nvidia",
                      "search?q=line1", "path?from=x:nl&to=nvidia"] {
            let reply = try request(server, route)
            XCTAssertEqual(reply.status, 200, route)
            for bad in markup { XCTAssertFalse(reply.text.contains(bad), "\(route) has \(bad)") }
        }
        XCTAssertTrue(try request(server, "source?id=s:js").text.contains("<p>javascript:alert(document.cookie)</p>"), "a script URL is shown as text")
        XCTAssertTrue(try request(server, "source?id=s:web").text.contains("<a href=\"https://example.com/?a=1&amp;b=&quot;&gt;&lt;script&gt;"))
        XCTAssertTrue(try request(server, "node?id=x:bidi").text.contains("\u{202E}gnp.exe"), "bidirectional marks are kept, as text")
        XCTAssertTrue(try request(server, "node?id=x:long").text.contains(long))
    }

    func testEditsNeedTheTokenAndLoseNothingOnABadRow() throws {
        let database = try curatedDatabase()
        let readOnly = try serve(database)
        try failsJSON(readOnly, "api/edge?id=x", 403, saying: "read-only", method: "DELETE")
        let server = try serve(database, ["--allow-edits"])
        let token = try XCTUnwrap(server.token)
        let csv = Data("id,kind,name,aliases\nsmic-test,foundry,SMIC Test,中芯测试\n".utf8)
        try failsJSON(server, "api/import", 401, saying: "Bearer", method: "POST", body: csv, headers: ["Content-Type": "text/csv"])
        try failsJSON(server, "api/import", 401, saying: "Bearer", method: "POST", body: csv,
                      headers: ["Content-Type": "text/csv", "Authorization": "Bearer " + String(repeating: "0", count: 32)])
        let auth = ["Authorization": "Bearer " + token]
        try failsJSON(server, "api/import", 415, saying: "text/csv", method: "POST", body: csv, headers: auth.merging(["Content-Type": "text/plain"]) { $1 })
        let imported = try request(server, "api/import", method: "POST", body: csv, headers: auth.merging(["Content-Type": "text/csv"]) { $1 })
        XCTAssertEqual(imported.status, 200, imported.text)
        XCTAssertEqual(try json(imported.text)["nodes"] as? Int, 1)
        XCTAssertEqual(((try getJSON(server, "api/node?id=\(encoded("中芯测试"))")["node"] as? [String: Any])?["id"] as? String), "smic-test")
        let log = try ok(["imports", "--db", database, "--format", "json"])
        XCTAssertTrue(log.contains("\"request body\"") && !"\(log)".contains("tiergraph-edit-"), "the import log names the request, not its scratch file: \(log)")
        // The history through the API: the same JSON as `log` and `diff --since`.
        XCTAssertEqual(try getJSON(server, "api/log?limit=1") as NSDictionary, try json(try ok(["log", "--limit", "1", "--db", database, "--format", "json"])) as NSDictionary)
        let since = try getJSON(server, "api/diff?since=1")
        XCTAssertEqual(since as NSDictionary, try json(try ok(["diff", "--since", "1", "--db", database, "--format", "json"])) as NSDictionary)
        XCTAssertEqual(((since["nodes"] as? [String: Any])?["added"] as? [[String: Any]])?.map { $0["key"] as? String }, ["smic-test"])
        try failsJSON(server, "api/diff?since=99", 404, saying: "no write #99")
        try failsJSON(server, "api/diff", 400, saying: "since")
        let before = try getJSON(server, "api/stats")["nodes"] as? Int
        let bad = Data("source,target,kind\nsmic-test,nvidia,supplies\nsmic-test,nobody-here,supplies\n".utf8)
        try failsJSON(server, "api/import", 400, saying: "request body:3:2: dangling edge", method: "POST", body: bad, headers: auth.merging(["Content-Type": "text/csv"]) { $1 })
        XCTAssertEqual(try getJSON(server, "api/stats")["nodes"] as? Int, before)
        XCTAssertEqual((try getJSON(server, "api/node?id=smic-test")["outgoing"] as? [Any])?.count, 0, "the good row of a failed import is not kept")
        try failsJSON(server, "api/node?id=nvidia", 400, saying: "edge(s)", method: "DELETE", headers: auth)
        let removed = try request(server, "api/node?id=smic-test", method: "DELETE", headers: auth)
        XCTAssertEqual(removed.status, 200, removed.text)
        try failsJSON(server, "api/node?id=smic-test", 404, saying: "smic-test")
        // Each edit is a write of the history, named after its request; the failed one is not.
        let writes = try XCTUnwrap(try json(try ok(["log", "--db", database, "--format", "json"]))["writes"] as? [[String: Any]])
        XCTAssertEqual(writes.map { $0["command"] as? String }, ["serve: DELETE /api/node?id=smic-test", "serve: POST /api/import", "import \(QuoteCheckCLITests.root.appendingPathComponent("Graph").path)"])
        XCTAssertEqual((writes[1]["files"] as? [[String: Any]])?.first?["file"] as? String, "request body")
        _ = try ok(["undo", "--db", database])
        _ = try ok(["undo", "--db", database])
        try fails(["show", "smic-test", "--db", database], saying: "no node")
    }

    func testItStopsCleanlyOnSIGINTAndSIGTERMAndLogsToStderr() throws {
        let database = try curatedDatabase()
        for signal in [SIGINT, SIGTERM] {
            let server = try serve(database)
            _ = try getJSON(server, "api/stats")
            kill(server.process.processIdentifier, signal)
            let deadline = Date().addingTimeInterval(15)
            while server.process.isRunning && Date() < deadline { usleep(50_000) }
            XCTAssertFalse(server.process.isRunning, "still running after signal \(signal)")
            server.process.waitUntilExit()
            XCTAssertEqual(server.process.terminationStatus, 0)
            let log = server.log()
            XCTAssertTrue(log.contains("GET /api/stats 200 "), "requests are logged on stderr with their status: \(log)")
        }
        let missing = try run(["serve", "--db", "missing.db", "--port", "0"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("missing.db"), missing.stderr)
        XCTAssertEqual(missing.stdout, "")
        try fails(["serve", "--db", database, "--port", "70000"], saying: "--port must be from 0 to 65535")
    }

    /// Many clients at once get the same answers.
    func testConcurrentRequestsAgree() throws {
        let server = try serve(try curatedDatabase())
        let expected = try request(server, "api/path?from=tsmc&to=csp:china&k=3").text
        let answers = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 32)
        defer { answers.deallocate() }
        nonisolated(unsafe) let results = answers
        DispatchQueue.concurrentPerform(iterations: 32) { index in
            let route = index % 4 == 0 ? "diagram.svg?upstream=chip:h200" : "api/path?from=tsmc&to=csp:china&k=3"
            let reply = try? Self.send(server, route)
            results[index] = reply?.status == 200 && (index % 4 == 0 || reply?.text == expected)
        }
        XCTAssertEqual(answers.filter { $0 }.count, 32)
    }
}
