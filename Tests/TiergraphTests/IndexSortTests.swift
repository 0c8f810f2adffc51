import XCTest
@testable import Tiergraph

/// The radix sort that orders each tier of a walk, against the standard library's sort.
final class IndexSortTests: XCTestCase {
    func testSortsLikeTheStandardLibraryAtEverySizeAndBound() {
        var generator = SplitMix64(seed: 0x1D5_0127)
        // Bounds needing 1, 2 and 3 passes of 11 bits (an odd count leaves the result in the
        // scratch array); sizes on both sides of the short-array cut-off; duplicates allowed.
        for bound in [1, 2, 2047, 2048, 2049, 100_000, 1 << 22, (1 << 22) + 1, Int(Int32.max)] {
            for count in [0, 1, 2, 64, 65, 1000, 5000] {
                var values = (0..<count).map { _ in Int32(Int.random(in: 0..<bound, using: &generator)) }
                let expected = values.sorted()
                sortIndices(&values, bound: bound)
                XCTAssertEqual(values, expected, "bound \(bound), count \(count)")
            }
        }
    }

    func testKeepsAlreadySortedAndReversedInput() {
        var ascending = (0..<3000).map(Int32.init)
        sortIndices(&ascending, bound: 3000)
        XCTAssertEqual(ascending, (0..<3000).map(Int32.init))
        var descending = Array((0..<3000).map(Int32.init).reversed())
        sortIndices(&descending, bound: 3000)
        XCTAssertEqual(descending, (0..<3000).map(Int32.init))
    }
}
