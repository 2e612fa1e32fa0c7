import Testing
@testable import Wire

@Suite("Stream flow control: credit returned only when the reader takes a message")
struct StreamFlowControlTests {
    @Test("bytes of queued messages are held until taken")
    func holdsQueuedMessages() {
        var flow = StreamFlowControl()
        var credits: [Int] = []
        credits.append(flow.received(bytes: 100, completedMessageBytes: 100))
        credits.append(flow.received(bytes: 50, completedMessageBytes: 50))
        credits.append(flow.taken(bytes: 100))
        credits.append(flow.taken(bytes: 50))
        #expect(credits == [0, 0, 100, 50])
        #expect(flow.owed == 0)
    }

    @Test("partial-message bytes are credited at once, so large messages cannot deadlock")
    func creditsPartialMessages() {
        var flow = StreamFlowControl()
        var credits: [Int] = []
        credits.append(flow.received(bytes: 30, completedMessageBytes: 0))
        // The message completes; 30 of its 100 bytes were already credited.
        credits.append(flow.received(bytes: 70, completedMessageBytes: 100))
        credits.append(flow.taken(bytes: 100))
        #expect(credits == [30, 0, 70])
        #expect(flow.owed == 0)
    }

    @Test("credit never exceeds what was received, and all of it is returned in the end")
    func neverOverCredits() {
        var flow = StreamFlowControl()
        var credited = 0
        var received = 0
        for step in 1...200 {
            let bytes = step % 13
            received += bytes
            credited += flow.received(bytes: bytes, completedMessageBytes: step % 3 == 0 ? 10 : 0)
            if step % 5 == 0 { credited += flow.taken(bytes: 10) }
            #expect(credited <= received)
        }
        credited += flow.releaseAll()
        #expect(credited == received)
    }
}
