import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

/// Starts `tiergraph serve --port 0` on a real database, as a user would, and asks it over
/// loopback HTTP. Holds no tests itself.
class ServerTestCase: CLITestCase {
    struct Reply {
        let status: Int
        let headers: [String: String]
        let body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    final class Server: @unchecked Sendable {
        let process: Process
        let url: String
        let token: String?
        let stderr: Pipe

        init(process: Process, url: String, token: String?, stderr: Pipe) {
            self.process = process
            self.url = url
            self.token = token
            self.stderr = stderr
        }

        /// What the server logged, once it has stopped.
        func log() -> String { String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
    }

    private var servers: [Server] = []

    override func tearDownWithError() throws {
        for server in servers where server.process.isRunning {
            server.process.terminate()
            server.process.waitUntilExit()
        }
        try super.tearDownWithError()
    }

    /// Starts the server on `database` and waits for the URL it prints.
    func serve(_ database: String, _ arguments: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> Server {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["serve", "--db", database, "--port", "0"] + arguments
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        var printed = ""
        let deadline = Date().addingTimeInterval(30)
        while !printed.contains("\n") || (arguments.contains("--allow-edits") && !printed.contains("token:")) {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty || Date() > deadline { break }
            printed += String(decoding: data, as: UTF8.self)
        }
        let url = try XCTUnwrap(printed.range(of: #"http://127\.0\.0\.1:\d+/"#, options: .regularExpression).map { String(printed[$0]) },
                                "the server printed no URL: \(printed)", file: file, line: line)
        let token = printed.range(of: #"token: [0-9a-f]{32}"#, options: .regularExpression).map { String(printed[$0].dropFirst(7)) }
        let server = Server(process: process, url: url, token: token, stderr: err)
        servers.append(server)
        return server
    }

    /// One HTTP request; `path` is appended to the server's URL as it is (already encoded).
    func request(_ server: Server, _ path: String, method: String = "GET", body: Data? = nil, headers: [String: String] = [:]) throws -> Reply {
        try Self.send(server, path, method: method, body: body, headers: headers)
    }

    /// ``request(_:_:method:body:headers:)``, from any thread.
    static func send(_ server: Server, _ path: String, method: String = "GET", body: Data? = nil, headers: [String: String] = [:]) throws -> Reply {
        var request = URLRequest(url: try XCTUnwrap(URL(string: server.url + path.drop { $0 == "/" })))
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 60
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var answer: (Data?, URLResponse?, (any Error)?)
        URLSession.shared.dataTask(with: request) { data, response, error in
            answer = (data, response, error)
            done.signal()
        }.resume()
        done.wait()
        if let error = answer.2 { throw error }
        let response = try XCTUnwrap(answer.1 as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for (name, value) in response.allHeaderFields { fields[String(describing: name).lowercased()] = String(describing: value) }
        return Reply(status: response.statusCode, headers: fields, body: answer.0 ?? Data())
    }

    /// A GET that must answer 200 with JSON; returns the document.
    func getJSON(_ server: Server, _ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let reply = try request(server, path)
        XCTAssertEqual(reply.status, 200, "\(path): \(reply.text)", file: file, line: line)
        XCTAssertEqual(reply.headers["content-type"], "application/json; charset=utf-8", file: file, line: line)
        return try json(reply.text)
    }

    /// A request that must fail with `status` and a JSON error whose message contains `words`.
    func failsJSON(_ server: Server, _ path: String, _ status: Int, saying words: String, method: String = "GET",
                   body: Data? = nil, headers: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) throws {
        let reply = try request(server, path, method: method, body: body, headers: headers)
        XCTAssertEqual(reply.status, status, "\(path): \(reply.text)", file: file, line: line)
        let error = try XCTUnwrap((try? json(reply.text))?["error"] as? [String: Any], "no JSON error: \(reply.text)", file: file, line: line)
        XCTAssertEqual(error["status"] as? Int, status, file: file, line: line)
        let message = error["message"] as? String ?? ""
        XCTAssertTrue(message.contains(words), "message was: \(message)", file: file, line: line)
    }

    /// `text` percent-encoded for a query value.
    func encoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:")
        return text.addingPercentEncoding(withAllowedCharacters: allowed)!
    }

    /// The curated graph imported into `g.db` in the test folder.
    func curatedDatabase() throws -> String {
        _ = try ok(["import", QuoteCheckCLITests.root.appendingPathComponent("Graph").path, "--db", "g.db"])
        return path("g.db")
    }
}
