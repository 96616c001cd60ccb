@testable import Daemon
import Glibc
import Testing

@Suite struct InotifyRecordTests {
    /// Two records laid out by hand as the kernel does (16-byte header, name
    /// NUL-padded to `len`), starting at an odd offset to exercise unaligned loads.
    @Test func decodesHandBuiltRecords() {
        func header(wd: Int32, mask: UInt32, cookie: UInt32, len: UInt32) -> [UInt8] {
            withUnsafeBytes(of: wd.littleEndian, Array.init) + withUnsafeBytes(of: mask.littleEndian, Array.init)
                + withUnsafeBytes(of: cookie.littleEndian, Array.init) + withUnsafeBytes(of: len.littleEndian, Array.init)
        }
        let name = Array("slice_0001.tif".utf8) + [0, 0] // 14 bytes + padding to 16
        let bytes: [UInt8] = [0xff] // one junk byte: records start unaligned
            + header(wd: 3, mask: 0x0000_0008, cookie: 0, len: 16) + name
            + header(wd: 1, mask: 0x0000_0400, cookie: 7, len: 0)
            + [0x01, 0x02] // an incomplete trailing header is ignored
        let records = bytes.withUnsafeBytes { raw in
            InotifyRecord.decode(UnsafeRawBufferPointer(rebasing: raw[1...]))
        }
        #expect(MemoryLayout<inotify_event>.size == 16)
        #expect(records == [
            InotifyRecord(watch: 3, mask: InotifyMask.closeWrite, cookie: 0, name: "slice_0001.tif"),
            InotifyRecord(watch: 1, mask: InotifyMask.deleteSelf, cookie: 7, name: ""),
        ])
    }
}
