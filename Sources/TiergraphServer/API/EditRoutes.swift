import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Tiergraph

/// Edits, allowed only when the server was started with a token and the request sends it
/// (`Authorization: Bearer TOKEN`):
/// - `POST /api/import` with a node-link JSON document (`Content-Type: application/json`) or a
///   CSV table (`text/csv`): imported as `tiergraph import` would, in one transaction, with the
///   importer's line-and-column errors;
/// - `DELETE /api/node?id=X[&cascade=true]` and `DELETE /api/edge?id=X`.
extension Site {
    /// The largest body an import may send.
    static let maxImportBytes = 16 << 20

    func registerEdits(on router: RouteTable) {
        router.post("/api/import") { request, _ in
            await self.edit(request, takes: []) { request, _ in
                let type = request.headers[.contentType]?.lowercased() ?? ""
                let suffix = type.hasPrefix("application/json") ? "json" : type.hasPrefix("text/csv") ? "csv" : nil
                guard let suffix else {
                    throw RequestError(.unsupportedMediaType, "send node-link JSON as application/json or a table as text/csv")
                }
                do {
                    return .bytes(Array(buffer: try await request.body.collect(upTo: Site.maxImportBytes)), suffix: suffix)
                } catch is NIOTooManyBytesError {
                    throw RequestError(.contentTooLarge, "the body is larger than \(Site.maxImportBytes >> 20) MiB: import a file that large with `tiergraph import`")
                }
            }
        }
        router.delete("/api/node") { request, _ in
            await self.edit(request, takes: ["id", "cascade"]) { _, parameters in
                .removeNode(try parameters.required("id"), cascade: try parameters.flag("cascade"))
            }
        }
        router.delete("/api/edge") { request, _ in
            await self.edit(request, takes: ["id"]) { _, parameters in .removeEdge(try parameters.required("id")) }
        }
    }

    /// What an edit request asks for, read from it before the write.
    enum Edit: Sendable {
        case bytes([UInt8], suffix: String)
        case removeNode(String, cascade: Bool)
        case removeEdge(String)
    }

    private func edit(
        _ request: Request, takes names: Set<String>, _ read: (Request, Parameters) async throws -> Edit
    ) async -> Response {
        do {
            guard let writer, let editToken else {
                throw RequestError(.forbidden, "this server is read-only: start it with `tiergraph serve --allow-edits` to edit")
            }
            guard Site.matches(request.headers[.authorization], token: editToken) else {
                throw RequestError(.unauthorized, "send the token printed at start: Authorization: Bearer TOKEN")
            }
            let parameters = try Parameters(query: request.uri.query)
            try parameters.rejectUnknown(names)
            let edit = try await read(request, parameters)
            return Site.json(try await writer.write { store in try Site.apply(edit, to: store) })
        } catch {
            return Site.jsonError(RequestError.describe(error))
        }
    }

    private static func apply(_ edit: Edit, to store: GraphStore) throws -> JSONValue {
        switch edit {
        case .bytes(let bytes, let suffix):
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tiergraph-edit-" + UUID().uuidString)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("request." + suffix)
            try Data(bytes).write(to: file)
            store.command = "serve: POST /api/import"
            // The logs name what the client sent, not the scratch file it was written to.
            var report = try store.importTables([ImportTable(path: file.path, loggedAs: "request body")])
            report.files = ["request body"]
            return report.json
        case .removeNode(let reference, let cascade):
            store.command = "serve: DELETE /api/node?id=\(reference)" + (cascade ? "&cascade=true" : "")
            let (id, edges) = try store.removeNode(reference, cascade: cascade)
            return ["removed_node": .string(id), "edges_removed": .int(Int64(edges))]
        case .removeEdge(let id):
            store.command = "serve: DELETE /api/edge?id=\(id)"
            try store.removeEdge(id: id)
            return ["removed_edge": .string(id)]
        }
    }

    /// Whether `header` is `Bearer TOKEN` (the scheme in any case, as RFC 9110 has it), the
    /// token compared in time independent of where they differ.
    private static func matches(_ header: String?, token: String) -> Bool {
        let parts = (header ?? "").split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        let given = Array(parts[1].utf8), wanted = Array(token.utf8)
        guard given.count == wanted.count else { return false }
        return zip(given, wanted).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
