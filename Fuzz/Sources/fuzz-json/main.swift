import FuzzSupport

/// libFuzzer's entry point: the bytes imported as a .json file, in a dry run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzScratch.dryRunImport(data, size, fileExtension: "json")
    return 0
}
