/// A complete HTTP/1.1 response whose connection closes after it: one request per
/// connection keeps the endpoint small, and a scraper opens a new one each time.
public enum HTTPResponse {
    public static func bytes(status: Int, reason: String, contentType: String, body: String) -> [UInt8] {
        let payload = Array(body.utf8)
        var text = "HTTP/1.1 \(status) \(reason)\r\n"
        text += "Content-Type: \(contentType)\r\n"
        text += "Content-Length: \(payload.count)\r\n"
        text += "Connection: close\r\n\r\n"
        return Array(text.utf8) + payload
    }
}
