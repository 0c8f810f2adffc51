/// Sorts dense node indices (each in `0..<bound`) in ascending order.
///
/// Walks sort every tier they reach, so that the order of their answers (and the edge that first
/// reaches each node) does not depend on the order the edges were stored in. The standard
/// library's sort is a comparison merge sort; this is a least-significant-digit radix sort of
/// 11-bit digits: O(count × ⌈log₂(bound) / 11⌉), two passes below 4 million nodes. Short arrays
/// (64 or fewer) use the standard sort, which wins there.
func sortIndices(_ values: inout [Int32], bound: Int) {
    let count = values.count
    guard count > 64 else {
        values.sort()
        return
    }
    let bits = Int.bitWidth - max(bound - 1, 1).leadingZeroBitCount
    let digitBits = 11, mask = (1 << digitBits) - 1
    var scratch = [Int32](repeating: 0, count: count)
    var histogram = [Int](repeating: 0, count: 1 << digitBits)
    var passes = 0
    values.withUnsafeMutableBufferPointer { original in
        scratch.withUnsafeMutableBufferPointer { spare in
            histogram.withUnsafeMutableBufferPointer { histogram in
                var (source, target) = (original, spare)
                var shift = 0
                while shift < bits {
                    histogram.update(repeating: 0)
                    for value in source { histogram[(Int(value) >> shift) & mask] += 1 }
                    var sum = 0
                    for digit in histogram.indices { (histogram[digit], sum) = (sum, sum + histogram[digit]) }
                    for value in source {
                        let digit = (Int(value) >> shift) & mask
                        target[histogram[digit]] = value
                        histogram[digit] += 1
                    }
                    swap(&source, &target)
                    shift += digitBits
                    passes += 1
                }
            }
        }
    }
    // After an odd number of passes the sorted values are in the scratch array.
    if passes % 2 == 1 { values = scratch }
}
