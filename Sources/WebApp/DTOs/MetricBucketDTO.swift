import Domain

/// One bucket of a metrics answer (`api.md` §12).
struct MetricBucketDTO: JSONWritable {
    let bucket: MetricBucket

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("bucket_epoch", bucket.start.iso8601)
            object.field("avg_cpu", JSONValue.double(bucket.averageCPU))
            object.field("avg_memory", JSONValue.double(bucket.averageMemory))
            object.field("total_net_tx", Int(bucket.totalNetworkSent))
            object.field("total_net_rx", Int(bucket.totalNetworkReceived))
            object.field("total_disk_read", Int(bucket.totalDiskRead))
            object.field("total_disk_write", Int(bucket.totalDiskWritten))
        }
    }
}
