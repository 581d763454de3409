import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes the connection once a request the preview does not serve has been
/// answered: a method other than GET and HEAD, or a request that carries a body.
///
/// For CONNECT this is what ends the answer at all. SwiftNIO's encoder frames every
/// response to CONNECT as having no body and strips its Content-Length (a 2xx would
/// turn the connection into a tunnel), so a 405 went out without a length and the
/// client waited for more until it gave up. Closing tells it the answer is complete.
/// For a request with a body it means the body is never waited for, however slowly
/// it is sent, and nothing more is read from a client that sends what we do not serve.
final class CloseAfterOddRequest: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// One flag per request read and not yet answered, in order (requests may be
    /// pipelined): whether its answer ends the connection.
    private var closeAfter: [Bool] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let request) = unwrapInboundIn(data) {
            closeAfter.append(Self.endsConnection(request))
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let closing = closeAfter.first ?? false
        switch unwrapOutboundIn(data) {
        case .head(var response) where closing:
            response.headerFields[.connection] = "close"
            context.write(wrapOutboundOut(.head(response)), promise: promise)
        case .end:
            if !closeAfter.isEmpty { closeAfter.removeFirst() }
            guard closing else {
                context.write(data, promise: promise)
                return
            }
            // Closed once the end is written, so nothing of the answer is cut off.
            let written = context.eventLoop.makePromise(of: Void.self)
            written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            written.futureResult.cascade(to: promise)
            context.writeAndFlush(data, promise: written)
        default:
            context.write(data, promise: promise)
        }
    }

    static func endsConnection(_ request: HTTPRequest) -> Bool {
        guard request.method == .get || request.method == .head else { return true }
        let length = request.headerFields[.contentLength].flatMap { Int($0) } ?? 0
        return length != 0 || request.headerFields[.transferEncoding] != nil
    }
}
