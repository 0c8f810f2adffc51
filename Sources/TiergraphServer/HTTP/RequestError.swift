import HTTPTypes
import Tiergraph

/// A request the server cannot answer as asked: a bad or missing parameter, an unknown route,
/// an edit without the token. It carries the HTTP status and a message saying what to do.
struct RequestError: Error, Sendable {
    let status: HTTPResponse.Status
    let message: String

    init(_ status: HTTPResponse.Status = .badRequest, _ message: String) {
        self.status = status
        self.message = message
    }

    /// The status and message for any error a handler throws: the library's typed errors map to
    /// 4xx (a node that is not there is 404, a bad value 400), anything else is 500.
    static func describe(_ error: any Error) -> RequestError {
        switch error {
        case let error as RequestError: return error
        case let error as GraphStoreError:
            switch error {
            case .nodeNotFound, .edgeNotFound: return RequestError(.notFound, error.description)
            case .ambiguousNode, .invalid, .kindConflict, .nodeHasEdges, .kindChangesRefused: return RequestError(.badRequest, error.description)
            case .missingDatabase, .notATiergraphDatabase, .newerSchema, .damaged, .unreadable: return RequestError(.internalServerError, error.description)
            }
        case let error as QueryError:
            switch error.code {
            case .unknownNode, .unknownEdge: return RequestError(.notFound, error.message)
            case .unknownName, .other: return RequestError(.badRequest, error.message)
            }
        case let error as ValueError: return RequestError(.badRequest, error.message)
        case let error as HistoryError:
            if case .unknownWrite = error { return RequestError(.notFound, error.description) }
            return RequestError(.conflict, error.description)
        case let error as ImportError:
            // The body was written to a scratch file: name it as the client knows it.
            let renamed = ImportError(file: "request body", line: error.line, column: error.column, columnName: error.columnName, message: error.message)
            return RequestError(.badRequest, renamed.description)
        case let error as GraphvizError: return RequestError(.unprocessableContent, "Graphviz: " + error.message)
        case let error as RenderFailure: return RequestError(.serviceUnavailable, "the diagram could not be drawn: \(error)")
        default: return RequestError(.internalServerError, "\(error)")
        }
    }
}
