import CZlib

/// A streaming zlib compressor: bytes in, gzip or zlib stream out, in pieces.
/// For the writers (NRRD `encoding: gzip`, MetaImage `CompressedData`) and for
/// tests that need compressed data.
final class Deflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutablePointer<Bytef>
    private static let outputSize = 1 << 16

    /// - Parameter gzip: a gzip stream (NRRD), else a zlib stream (MetaImage).
    init(gzip: Bool, level: Int32 = 6) throws(VolumeIOError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(capacity: Self.outputSize)
        guard cellqa_deflate_init(stream, level, gzip ? 1 : 0) == Z_OK else {
            throw .writeFailed(path: "", detail: "zlib deflateInit failed")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        output.deallocate()
    }

    /// Compresses `bytes`, handing each finished piece of the stream to `sink`.
    func append(_ bytes: [UInt8], sink: ([UInt8]) throws(VolumeIOError) -> Void) throws(VolumeIOError) {
        try run(bytes, flush: Z_NO_FLUSH, sink: sink)
    }

    /// Ends the stream (checksum and trailer), handing the rest to `sink`.
    func finish(sink: ([UInt8]) throws(VolumeIOError) -> Void) throws(VolumeIOError) {
        try run([], flush: Z_FINISH, sink: sink)
    }

    private func run(_ bytes: [UInt8], flush: Int32, sink: ([UInt8]) throws(VolumeIOError) -> Void) throws(VolumeIOError) {
        var input = bytes
        let count = input.count
        try input.withUnsafeMutableBufferPointer { (buffer) throws(VolumeIOError) -> Void in
            stream.pointee.next_in = buffer.baseAddress
            stream.pointee.avail_in = UInt32(count)
            repeat {
                stream.pointee.next_out = output
                stream.pointee.avail_out = UInt32(Self.outputSize)
                let status = deflate(stream, flush)
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                    throw .writeFailed(path: "", detail: "zlib deflate failed (\(status))")
                }
                let produced = Self.outputSize - Int(stream.pointee.avail_out)
                if produced > 0 { try sink(Array(UnsafeBufferPointer(start: output, count: produced))) }
                if flush == Z_FINISH && status == Z_STREAM_END { break }
            } while stream.pointee.avail_out == 0 || (flush == Z_FINISH)
        }
    }

    /// `bytes` as one complete stream.
    static func compress(_ bytes: [UInt8], gzip: Bool) throws(VolumeIOError) -> [UInt8] {
        let deflater = try Deflater(gzip: gzip)
        var result: [UInt8] = []
        try deflater.append(bytes) { result += $0 }
        try deflater.finish { result += $0 }
        return result
    }
}
