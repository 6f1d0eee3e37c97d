using System.Globalization;
using System.Text;

namespace HookInjector.Host.Metrics.Endpoint;

/// <summary>A complete HTTP/1.1 response that closes the connection: one request per connection keeps the server trivial.</summary>
internal static class HttpResponse
{
    public const string PlainText = "text/plain; charset=utf-8";

    public static byte[] Create(int status, string reason, string contentType, string body, bool includeBody = true, string? allow = null)
    {
        var content = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {content.Length}\r\n");
        if (allow is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Allow: {allow}\r\n");
        }
        head.Append("Connection: close\r\n\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        return includeBody ? [.. headBytes, .. content] : headBytes;
    }

    public static byte[] Text(int status, string reason, string body, string? allow = null) =>
        Create(status, reason, PlainText, body, allow: allow);
}
