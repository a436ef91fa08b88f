using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using Portal.Testing;

namespace Portal.Web.Tests.Notifications;

/// <summary>
/// A real SMTP server on loopback: Debian's aiosmtpd (python3-aiosmtpd, installed by test.sh) writing every message
/// to a Maildir, optionally offering STARTTLS with a throw-away certificate.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly DirectoryInfo _folder;
    private Process? _process;

    private readonly bool _portChosen;

    private SmtpServer(DirectoryInfo folder, int? port, bool startTls)
    {
        _folder = folder;
        _portChosen = port is null;
        Port = port ?? LoopbackPort.OutsideEphemeralRange();
        StartTls = startTls;
    }

    public int Port { get; private set; }
    public bool StartTls { get; }
    public string? CertificateThumbprint { get; private set; }
    private string MailDir => Path.Combine(_folder.FullName, "maildir");

    /// <summary>Creates the server without starting it, so a test can begin with the mail server down.</summary>
    public static SmtpServer Create(bool startTls = false, int? port = null) =>
        new(Directory.CreateTempSubdirectory("portal-smtp-"), port, startTls);

    public static async Task<SmtpServer> StartAsync(bool startTls = false)
    {
        var server = Create(startTls);
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: run ./test.sh, which installs python3-aiosmtpd.");
        var args = new List<string> { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "smtp_handlers.RefusingMailbox" };
        if (StartTls)
        {
            var (cert, key) = WriteCertificate();
            args.AddRange(["--tlscert", cert, "--tlskey", key, "--no-requiretls"]);
        }

        args.Add(MailDir);
        // A port found free can be taken by a parallel test before aiosmtpd binds it: then try another, when the test let
        // the server choose.
        for (var attempt = 1; ; attempt++)
        {
            var listen = args.IndexOf("-l") + 1;
            args[listen] = $"127.0.0.1:{Port}";
            var start = new ProcessStartInfo(Python, args) { RedirectStandardError = true, RedirectStandardOutput = true };
            start.Environment["PYTHONPATH"] = Path.Combine(AppContext.BaseDirectory, "Notifications");
            _process = Process.Start(start)!;
            for (var i = 0; i < 100 && !_process.HasExited && !await AcceptsAsync(); i++)
            {
                await Task.Delay(100);
            }

            if (!_process.HasExited)
            {
                return;
            }

            var error = await _process.StandardError.ReadToEndAsync();
            if (!_portChosen || attempt == 3)
            {
                Assert.Fail($"aiosmtpd exited ({_process.ExitCode}): {error}");
            }

            Port = LoopbackPort.OutsideEphemeralRange();
        }
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public IReadOnlyList<MimeMessage> Messages()
    {
        var newFolder = Path.Combine(MailDir, "new");
        return Directory.Exists(newFolder)
            ? Directory.GetFiles(newFolder).Order().Select(f => MimeMessage.Load(f)).ToList()
            : [];
    }

    public async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Messages().Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        return Messages();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        _folder.Delete(recursive: true);
    }

    private async Task<bool> AcceptsAsync()
    {
        try
        {
            using var client = new TcpClient(AddressFamily.InterNetwork);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private (string Cert, string Key) WriteCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        CertificateThumbprint = Convert.ToHexString(SHA256.HashData(certificate.RawData));
        var cert = Path.Combine(_folder.FullName, "cert.pem");
        var key = Path.Combine(_folder.FullName, "key.pem");
        File.WriteAllText(cert, certificate.ExportCertificatePem());
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        return (cert, key);
    }
}
