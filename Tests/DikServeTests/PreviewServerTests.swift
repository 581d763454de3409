import DikServe
import Testing

@Suite struct PreviewServerTests {
    @Test func targetLinks() { #expect(Bool(true)) }
}
