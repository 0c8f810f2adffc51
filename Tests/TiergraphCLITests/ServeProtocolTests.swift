import Foundation
import Glibc
import XCTest

/// `tiergraph serve` as HTTP: methods, repeated and oversized parameters, the edit token's
/// header, oversized bodies, a database file replaced under the server, long pages.
final class ServeProtocolTests: ServerTestCase {
    func testAKnownPathAskedWithAnotherMethodIs405AndHEADAnswersLikeGET() throws {
        let server = try serve(try curatedDatabase())
        let head = try request(server, "api/stats", method: "HEAD")
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.headers["content-type"], "application/json; charset=utf-8")
        XCTAssertEqual(head.body.count, 0)
        XCTAssertEqual(try request(server, "node?id=tsmc", method: "HEAD").status, 200)
        try failsJSON(server, "api/stats", 405, saying: "/api/stats takes GET, HEAD, not POST", method: "POST")
        try failsJSON(server, "api/import", 405, saying: "takes POST, not GET")
        XCTAssertEqual(try request(server, "api/node?id=tsmc", method: "PUT").headers["allow"], "DELETE, GET, HEAD")
        let page = try request(server, "path", method: "POST")
        XCTAssertEqual(page.status, 405)
        XCTAssertTrue(page.text.contains("/path takes GET, HEAD, not POST"), page.text)
        let options = try request(server, "diagram.svg", method: "OPTIONS")
        XCTAssertEqual(options.status, 204)
        XCTAssertEqual(options.headers["allow"], "GET, HEAD")
        try failsJSON(server, "api/nowhere", 404, saying: "no API route /api/nowhere", method: "POST")
    }

    func testASingleValuedParameterGivenTwiceIsAnError() throws {
        let server = try serve(try curatedDatabase())
        try failsJSON(server, "api/path?from=tsmc&to=csp:china&k=1&k=50", 400, saying: "parameter 'k' is given 2 times; give it once")
        try failsJSON(server, "api/node?id=tsmc&id=nvidia", 400, saying: "parameter 'id' is given 2 times")
        XCTAssertEqual(try request(server, "diagram?upstream=tsmc&upstream=nvidia").status, 400)
        // Lists may repeat.
        _ = try getJSON(server, "api/impact?remove=tsmc&remove=gov:us")
        _ = try getJSON(server, "api/path?from=tsmc&to=csp:china&avoid=nvidia&avoid=amd")
        try failsJSON(server, "api/stats?x=1", 400, saying: "unknown parameter 'x'; this route takes: no parameters")
        try failsJSON(server, "api/node?\(String(repeating: "n", count: 5_000))=1", 413, saying: "a parameter name is longer than 4096 bytes")
    }

    func testTheEditTokenSchemeIsCaseInsensitiveAndBodiesHaveALimit() throws {
        let server = try serve(try curatedDatabase(), ["--allow-edits"])
        let token = try XCTUnwrap(server.token)
        let csv = Data("id,kind,name\nsmic-test,foundry,SMIC Test\n".utf8)
        let unauthorized = try request(server, "api/import", method: "POST", body: csv, headers: ["Content-Type": "text/csv"])
        XCTAssertEqual(unauthorized.status, 401)
        XCTAssertEqual(unauthorized.headers["www-authenticate"], "Bearer realm=\"tiergraph\"")
        for wrong in [token, "Bearer" + token, "Basic " + token, "Bearer " + token + "0", "Bearer " + token.uppercased()] {
            try failsJSON(server, "api/import", 401, saying: "Bearer", method: "POST", body: csv,
                          headers: ["Content-Type": "text/csv", "Authorization": wrong])
        }
        let imported = try request(server, "api/import", method: "POST", body: csv,
                                   headers: ["Content-Type": "text/csv", "Authorization": "bearer " + token])
        XCTAssertEqual(imported.status, 200, imported.text)
        XCTAssertEqual(try json(imported.text)["files"] as? [String], ["request body"], "the server's scratch file is not shown")
        let huge = Data("id,kind,name\n".utf8) + Data(repeating: UInt8(ascii: "a"), count: 17 << 20)
        try failsJSON(server, "api/import", 413, saying: "larger than 16 MiB", method: "POST", body: huge,
                      headers: ["Content-Type": "text/csv", "Authorization": "Bearer " + token])
    }

    /// A file deleted or replaced under the server is said so, for reads and edits alike, rather
    /// than answered from the old file by some threads and from the new one by others.
    func testADatabaseReplacedWhileServingIsA503() throws {
        let database = try curatedDatabase()
        let server = try serve(database, ["--allow-edits"])
        _ = try getJSON(server, "api/stats")
        try FileManager.default.moveItem(atPath: database, toPath: path("old.db"))
        try failsJSON(server, "api/stats", 503, saying: "was deleted", method: "GET")
        _ = try curatedDatabase()
        try failsJSON(server, "api/node?id=tsmc", 503, saying: "deleted or replaced while the server ran: restart")
        XCTAssertEqual(try request(server, "node?id=tsmc").status, 503)
        try failsJSON(server, "api/edge?id=x", 503, saying: "restart", method: "DELETE", headers: ["Authorization": "Bearer " + (server.token ?? "")])
    }

    /// A hub's page, and a source's, list at most 2,000 edges per table and link the JSON, which has them all.
    func testANodePageListsAtMost2000EdgesPerDirection() throws {
        let suppliers = (0..<2_100).map { "s\($0),company,Supplier \($0)\n" }.joined()
        try write("hub/nodes.csv", "id,kind,name\nhub,company,Hub\n" + suppliers)
        try write("hub/edges.csv", "source,target,kind,source_ref\n" + (0..<2_100).map { "s\($0),hub,supplies,report\n" }.joined())
        _ = try ok(["import", path("hub"), "--db", "hub.db"])
        let server = try serve(path("hub.db"))
        let page = try request(server, "node?id=hub").text
        XCTAssertTrue(page.contains("The first 2000 of 2100 are shown"), page.suffix(400).description)
        XCTAssertTrue(page.contains("href=\"/api/node?id=hub\""))
        XCTAssertEqual(page.components(separatedBy: "<tr>").count - 1, 2 + 2_000, "two header rows and the capped incoming rows")
        XCTAssertEqual((try getJSON(server, "api/node?id=hub")["incoming"] as? [Any])?.count, 2_100)
        let source = try request(server, "source?id=report").text
        XCTAssertTrue(source.contains("Edges citing it (2100)") && source.contains("The first 2000 of 2100 are shown"), source.suffix(400).description)
        XCTAssertEqual(source.components(separatedBy: "<tr>").count - 1, 1 + 2_000, "the header and the capped rows")
    }

    /// A page on another site that points its name at 127.0.0.1 (DNS rebinding) cannot read the
    /// loopback server: the `Host` its browser sends is not a loopback name.
    func testALoopbackServerRefusesRequestsForOtherHostNames() throws {
        let server = try serve(try curatedDatabase())
        let port = try XCTUnwrap(URL(string: server.url)?.port)
        try failsJSON(server, "api/node?id=tsmc", 403, saying: "127.0.0.1 or localhost only, not to 'evil.example:\(port)'",
                      headers: ["Host": "evil.example:\(port)"])
        XCTAssertEqual(try request(server, "node?id=tsmc", headers: ["Host": "localhost.evil.example"]).status, 403)
        for host in ["localhost:\(port)", "LOCALHOST", "127.0.0.1:\(port)", "[::1]:\(port)"] {
            XCTAssertEqual(try request(server, "api/stats", headers: ["Host": host]).status, 200, host)
        }
    }

    /// A client that opens a connection and sends nothing, or half a request, is cut off after
    /// `--idle-timeout`; a request being answered is not.
    func testSilentConnectionsAreClosedAfterTheIdleTimeout() throws {
        let server = try serve(try curatedDatabase(), ["--idle-timeout", "1"])
        let port = try XCTUnwrap(URL(string: server.url)?.port)
        for opening in ["", "GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n"] {
            let socket = Socket(port: UInt16(port))
            defer { socket.close() }
            socket.send(opening)
            let start = Date()
            XCTAssertEqual(socket.readUntilClosed(within: 10), "", "the server closes the connection, answering nothing")
            XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        }
        XCTAssertEqual(try request(server, "api/path?from=tsmc&to=csp:china&k=3").status, 200)
        try fails(["serve", "--db", path("g.db"), "--idle-timeout", "0"], saying: "--idle-timeout must be from 1 to 3600")
    }
}

/// A plain TCP connection to loopback, for what an HTTP client does not do (send half a request).
private final class Socket {
    private let descriptor: Int32

    init(port: UInt16) {
        descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    func send(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { Glibc.send(descriptor, $0.baseAddress, $0.count - 1, 0) }
    }

    /// What arrives until the peer closes, or nil when it is still open after `seconds`.
    func readUntilClosed(within seconds: Int) -> String? {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return String(decoding: received, as: UTF8.self) }
            if count < 0 { return nil }
            received += buffer.prefix(count)
        }
    }

    func close() { Glibc.close(descriptor) }
}
