import Testing
@testable import Wire

@Suite("Stream flow control: credit returned only when the reader takes a message")
struct StreamFlowControlTests {
    @Test("bytes of queued and incomplete messages are held until the reader takes them")
    func holdsMessages() {
        var flow = StreamFlowControl(windowSize: 1000)
        var credits: [Int] = []
        // A 100-byte message arrives in two chunks, then a 50-byte one.
        credits.append(flow.received(bytes: 60, completedMessages: [], pendingBytes: 60))
        credits.append(flow.received(bytes: 40, completedMessages: [100], pendingBytes: 0))
        credits.append(flow.received(bytes: 50, completedMessages: [50], pendingBytes: 0))
        credits.append(flow.taken())
        credits.append(flow.taken())
        #expect(credits == [0, 0, 0, 100, 50])
        #expect(flow.owed == 0)
    }

    @Test("a message larger than half the window is credited while incomplete, never twice")
    func creditsLargePartialMessages() {
        var flow = StreamFlowControl(windowSize: 100)
        var credits: [Int] = []
        credits.append(flow.received(bytes: 30, completedMessages: [], pendingBytes: 30))
        credits.append(flow.received(bytes: 40, completedMessages: [], pendingBytes: 70))
        // The 150-byte message completes; 70 of its bytes were credited early.
        credits.append(flow.received(bytes: 80, completedMessages: [150], pendingBytes: 0))
        credits.append(flow.taken())
        #expect(credits == [0, 70, 0, 80])
        #expect(flow.owed == 0)
    }

    @Test("credit never exceeds what was received, and all of it is returned in the end")
    func neverOverCredits() {
        var flow = StreamFlowControl(windowSize: 64)
        var credited = 0
        var received = 0
        var pending = 0
        var queued = 0
        for step in 1...300 {
            let bytes = step % 13
            received += bytes
            pending += bytes
            var completed: [Int] = []
            while pending >= 20 {
                completed.append(20)
                pending -= 20
                queued += 1
            }
            credited += flow.received(bytes: bytes, completedMessages: completed, pendingBytes: pending)
            if step % 3 == 0, queued > 0 {
                credited += flow.taken()
                queued -= 1
            }
            #expect(credited <= received)
        }
        credited += flow.releaseAll()
        #expect(credited == received)
    }
}
