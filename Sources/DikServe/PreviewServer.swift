import DikCore
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// `dik serve`: the review preview. Serves the public view (with drafts) at `/`, the
/// internal view at `/internal/`, the changes page at `/_dik/perubahan/` and reload
/// events at `/_dik/events`, all from memory. Only GET and HEAD.
public enum PreviewServer {
    public static let eventsPath = "/_dik/events"
    public static let changesPath = "/_dik/perubahan/"

    /// The application, ready to run or to test. `watcher`, when given, looks for
    /// changes while the application runs: on folder events, or every `interval`.
    public static func application(site: PreviewSite, host: String, port: Int, watcher: SiteWatcher? = nil,
                                   mode: WatchMode = .events, interval: Duration = .milliseconds(200),
                                   limits: ServeLimits = .standard,
                                   onUpdate: @escaping @Sendable (UpdateReport) -> Void = { _ in },
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in },
                                   logger: Logger? = nil) -> some ApplicationProtocol {
        application(site: site, host: host, port: port, watcher: watcher, mode: mode, interval: interval,
                    limits: limits, gate: ConnectionGate(limits: limits), onUpdate: onUpdate,
                    onListening: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }

    /// The same, with the gate given and the listening channel handed over once it is
    /// bound (tests look at both).
    static func application(site: PreviewSite, host: String, port: Int, watcher: SiteWatcher?, mode: WatchMode,
                            interval: Duration, limits: ServeLimits, gate: ConnectionGate,
                            onUpdate: @escaping @Sendable (UpdateReport) -> Void,
                            onListening: @escaping @Sendable (any Channel) async -> Void,
                            logger: Logger?) -> some ApplicationProtocol {
        var services: [any Service] = []
        if let watcher {
            services.append(WatchService(site: site, watcher: watcher, interval: interval, mode: mode,
                                         onUpdate: onUpdate))
        }
        var quiet = Logger(label: "dik.serve")
        quiet.logLevel = .warning
        let logger = logger ?? quiet
        let hostCheck = BoundHostCheck(HostCheck(boundHost: host))
        let busy = Words.previewBusy.text(site.options.language)
        let http1 = HTTP1Channel.Configuration(additionalChannelHandlers: [CloseAfterOddRequest()],
                                               idleTimeout: TimeAmount(limits.requestHeadTimeout))
        return Application(
            responder: responder(site: site, hostCheck: hostCheck),
            server: HTTPServerBuilder { responder in
                PreviewChannel(http1: HTTP1Channel(responder: responder, configuration: http1), gate: gate,
                               busyText: busy)
            },
            configuration: .init(address: .hostname(host, port: port), serverName: nil,
                                 availableConnectionsDelegate: GateDelegate(gate: gate)),
            services: services,
            onServerRunning: { channel in
                // Before the first request is handled: from now on the check follows the
                // address the socket is bound to, whatever a second lookup of --host said.
                hostCheck.set(HostCheck(bound: channel.localAddress))
                _ = try? await channel.eventLoop.submit {
                    // First in the listening socket's pipeline: it sees every error there
                    // before Hummingbird's accept loop, which ends on any error, would.
                    try channel.pipeline.syncOperations.addHandler(AcceptBackoff(logger: logger), position: .first)
                    // One connection per accept: the gate is asked before each, so open
                    // sockets never pass its ceiling (SwiftNIO takes four by default).
                    try channel.syncOptions?.setOption(ChannelOptions.maxMessagesPerRead, value: 1)
                }.get()
                await onListening(channel)
            },
            logger: logger)
    }

    public static func responder(site: PreviewSite, hostCheck: HostCheck) -> CallbackResponder<BasicRequestContext> {
        responder(site: site, hostCheck: BoundHostCheck(hostCheck))
    }

    static func responder(site: PreviewSite, hostCheck: BoundHostCheck) -> CallbackResponder<BasicRequestContext> {
        CallbackResponder { request, _ in
            let response = await respond(to: request, site: site, hostCheck: hostCheck.current)
            return request.method == .head ? response.createHeadResponse() : response
        }
    }

    static func respond(to request: Request, site: PreviewSite, hostCheck: HostCheck) async -> Response {
        let language = site.options.language
        guard request.method == .get || request.method == .head else {
            return plain(.methodNotAllowed, Words.onlyGetAndHead.text(language), headers: [.allow: "GET, HEAD"])
        }
        // A second Host field could be the one a proxy in front of the preview reads.
        let extraHost = !request.headers[values: hostField].isEmpty
        switch extraHost ? .malformed : hostCheck.verdict(request.head.authority) {
        case .allowed:
            break
        case .malformed:
            return plain(.badRequest, Words.hostMalformed.text(language))
        case .foreign:
            return plain(.forbidden, Words.hostForeign.text(language))
        }
        guard let target = ServedPath(rawPath: request.uri.path) else {
            return plain(.notFound, "Not found.\n")
        }
        let snapshot = site.snapshot
        if target.segments == ["_dik", "events"] {
            let query = request.uri.queryParameters
            return events(site.feed, since: query["since"].flatMap { Int($0) }, run: query["run"].map(String.init))
        }
        if let errorPage = snapshot.errorPage {
            return page(.internalServerError, errorPage, type: "text/html; charset=utf-8", snapshot: snapshot, site: site)
        }
        switch target.segments.first {
        case "_dik":
            if target.segments == ["_dik", "perubahan", ""] {
                let (current, changes) = await changesPage(site, snapshot)
                return page(.ok, changes, type: "text/html; charset=utf-8", snapshot: current, site: site)
            }
            if target.segments == ["_dik", "perubahan"] { return redirect(request.uri.path + "/") }
            return await notFound(.preview, snapshot: snapshot, site: site)
        case "internal":
            return await serve(target.dropFirst(), from: .internalView, rawPath: request.uri.path,
                               snapshot: snapshot, site: site)
        default:
            return await serve(target, from: .preview, rawPath: request.uri.path, snapshot: snapshot, site: site)
        }
    }

    /// The changes page needs every public page rendered; right after an edit that
    /// takes a moment, so wait for it rather than show an outdated comparison.
    private static func changesPage(_ site: PreviewSite, _ snapshot: PreviewSnapshot) async
        -> (PreviewSnapshot, [UInt8]) {
        var current = snapshot
        for _ in 0..<20 {
            if let bytes = current.changes.value { return (current, bytes) }
            await site.settled()
            current = site.snapshot
        }
        return (current, current.changes.value ?? [])
    }

    private static func serve(_ target: ServedPath, from kind: ViewKind, rawPath: String,
                              snapshot: PreviewSnapshot, site: PreviewSite) async -> Response {
        if target.segments.isEmpty, rawPath.hasSuffix("internal") { return redirect(rawPath + "/") }
        let path = target.filePath
        if let bytes = await snapshot.page(kind, path) {
            return page(.ok, bytes, type: ContentType.of(path), snapshot: snapshot, site: site)
        }
        if !path.hasSuffix("/index.html"), snapshot.has(kind, path + "/index.html") { return redirect(rawPath + "/") }
        return await notFound(kind, snapshot: snapshot, site: site)
    }

    private static func notFound(_ kind: ViewKind, snapshot: PreviewSnapshot, site: PreviewSite) async -> Response {
        guard let page404 = await snapshot.page(kind, PagePath.notFound) else { return plain(.notFound, "Not found.\n") }
        return page(.notFound, page404, type: "text/html; charset=utf-8", snapshot: snapshot, site: site)
    }

    private static func page(_ status: HTTPResponse.Status, _ bytes: [UInt8], type: String,
                             snapshot: PreviewSnapshot, site: PreviewSite) -> Response {
        let body = type.hasPrefix("text/html")
            ? LiveReload.inject(into: bytes, generation: snapshot.generation, instance: site.feed.instance)
            : bytes
        var headers = commonHeaders
        headers[.contentType] = type
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    private static func redirect(_ location: String) -> Response {
        var headers = commonHeaders
        headers[.location] = location
        return Response(status: .movedPermanently, headers: headers)
    }

    private static func plain(_ status: HTTPResponse.Status, _ text: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = commonHeaders
        headers[.contentType] = "text/plain; charset=utf-8"
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The first Host field becomes the request's authority; any other stays a field.
    private static let hostField = HTTPFields.Element.Name("Host")!

    /// The preview shows unpublished and internal data: never cache it, never index it.
    static let commonHeaders: HTTPFields = [
        .cacheControl: "no-store", HTTPFields.Element.Name("X-Content-Type-Options")!: "nosniff",
        HTTPFields.Element.Name("X-Robots-Tag")!: "noindex, nofollow",
        HTTPFields.Element.Name("Referrer-Policy")!: "no-referrer",
    ]

    /// Server-sent events: one `reload` event as soon as the preview is past the
    /// generation the page was served at (or was served by another run of the
    /// server), then the stream ends; a comment every 15 s keeps it open meanwhile.
    private static func events(_ feed: ChangeFeed, since: Int?, run: String?) -> Response {
        let sameRun = run.map { $0 == feed.instance } ?? true
        let since = sameRun ? (since ?? feed.current) : -1
        var headers = commonHeaders
        headers[.contentType] = "text/event-stream"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await withGracefulShutdownHandler {
                try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
                while true {
                    if let next = await feed.wait(after: since, timeout: .seconds(15)) {
                        try await writer.write(ByteBuffer(string: "event: reload\ndata: \(next)\n\n"))
                        break
                    }
                    if feed.isClosed || Task.isCancelled { break }
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                }
                try await writer.finish(nil)
            } onGracefulShutdown: {
                feed.close()
            }
        })
    }
}
