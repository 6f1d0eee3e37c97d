namespace HookInjector.Host.Metrics.Health;

/// <summary>The answer of a health check: whether it passed, and if not, why, in words an operator can act on.</summary>
internal readonly record struct HealthReport(bool Healthy, string Reason)
{
    public static readonly HealthReport Ok = new(true, "ok");
}
