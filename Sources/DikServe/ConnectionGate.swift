import Foundation
import HummingbirdCore
import Logging
import NIOCore

/// Counts the preview's connections. Up to `cap` are served; the next ones, up to
/// `ceiling` sockets in all, are answered 503 and closed; past `ceiling` the listening
/// socket is not read, so new connections wait in the kernel's queue instead of
/// taking descriptors. Open sockets therefore never exceed `ceiling`.
final class ConnectionGate: @unchecked Sendable {
    let cap: Int
    let ceiling: Int
    private let lock = NSLock()
    private var open = 0
    private var served = 0

    init(limits: ServeLimits, descriptorLimit: Int = ServeLimits.descriptorLimit()) {
        cap = limits.connectionCap(descriptorLimit: descriptorLimit)
        ceiling = cap + ServeLimits.refusalRoom
    }

    /// Every accepted socket, served or refused, from accept to close.
    func opened() { lock.withLock { open += 1 } }
    func closed() { lock.withLock { open -= 1 } }
    var isAccepting: Bool { lock.withLock { open < ceiling } }

    /// Whether a new connection is served; if so, `release()` once it closes.
    func admit() -> Bool {
        lock.withLock {
            guard served < cap else { return false }
            served += 1
            return true
        }
    }

    func release() { lock.withLock { served -= 1 } }

    var counts: (open: Int, served: Int) { lock.withLock { (open, served) } }
}

/// Hummingbird's hook on the listening socket: it stops reading it while
/// `isAcceptingNewConnections()` is false and reads again when a connection closes.
struct GateDelegate: AvailableConnectionsDelegate {
    let gate: ConnectionGate

    mutating func connectionOpened() { gate.opened() }
    mutating func connectionClosed() { gate.closed() }
    func isAcceptingNewConnections() -> Bool { gate.isAccepting }
}

/// Hummingbird's HTTP/1 connection, admitted through the gate first: a connection
/// over the cap gets the HTTP pipeline too (Hummingbird expects one), but its bytes
/// never reach it; `BusyRefusal` answers it instead.
struct PreviewChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let gate: ConnectionGate
    let busyText: String

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let admitted = gate.admit()
        if admitted {
            let gate = gate
            channel.closeFuture.whenComplete { _ in gate.release() }
        }
        let text = busyText
        return http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
            if !admitted {
                try channel.pipeline.syncOperations.addHandler(BusyRefusal(text: text), position: .first)
            }
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

/// Answers a connection over the cap with a complete 503 before reading anything
/// from it, and closes it.
final class BusyRefusal: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let response: String
    private var answered = false

    init(text: String) {
        response = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: \(text.utf8.count)\r\nRetry-After: 2\r\nCache-Control: no-store\r\n"
            + "Connection: close\r\n\r\n" + text
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { answer(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        answer(context)
        context.fireChannelActive()
    }

    /// The request is not read: nothing of it reaches the HTTP decoder.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { context.close(promise: nil) }
    }

    private func answer(_ context: ChannelHandlerContext) {
        guard !answered else { return }
        answered = true
        let buffer = context.channel.allocator.buffer(string: response)
        context.writeAndFlush(wrapOutboundOut(buffer)).assumeIsolated().whenComplete { _ in
            // Only our side is closed at first: closing both with the client's request
            // still unread would reset the connection, and the client might lose the
            // answer. The client closes its side once it has read it; a client that
            // does not is cut off after a second.
            context.close(mode: .output, promise: nil)
            context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(1)) { context.close(promise: nil) }
        }
    }
}
