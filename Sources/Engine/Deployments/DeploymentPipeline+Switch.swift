import Domain

/// A replaced deployment still serving its in-flight requests; the runner retires it after the drain window.
struct DeferredRetirement: Sendable {
    let progress: DeploymentPipeline.Progress
}

extension DeploymentPipeline {
    /// Step 9a (`deploy.md` §4.5): the routes of the service point at the new deployment, in one write. A
    /// service without URLs, before and after, has no route to switch (and does not need the proxy up).
    func switchTraffic(_ progress: Progress) async throws {
        let previousURLs = progress.previous.flatMap(\.snapshot)?.configuration.urls ?? []
        guard let router, !progress.snapshot.configuration.urls.isEmpty || !previousURLs.isEmpty else { return }
        try await step("Switching the traffic", for: progress.deployment) {
            try await router.switchTraffic(to: progress.deployment)
        }
        await log.write("Traffic switched to deployment \(progress.deployment.hash).", for: progress.deployment)
    }

    /// A previous deployment that still runs keeps serving for the drain window; one paused for this
    /// deployment (or failed) has nothing in flight.
    func needsDrain(_ progress: Progress) -> Bool {
        guard timing.drainSeconds > 0, let previous = progress.previous else { return false }
        return !progress.pausedPrevious && previous.status != .failed && previous.status != .sleeping
    }

    /// Step 10a after the drain window. The replaced deployment is already recorded as removed, so its Swarm
    /// service must go even when the engine is away for a while (a restart of dockerd): tried again with a
    /// growing pause, and left to the periodic orphan removal when every attempt failed.
    func retire(after retirement: DeferredRetirement) async {
        let progress = retirement.progress
        var delay = timing.retryDelaySeconds
        for attempt in 1...Self.retirementAttempts {
            do {
                try await retirePrevious(progress)
                return
            } catch {
                logger.error(
                    "could not retire a replaced deployment",
                    metadata: [
                        "deployment": "\(progress.previous?.hash ?? "")", "error": "\(error)",
                        "attempt": "\(attempt) of \(Self.retirementAttempts)",
                    ])
            }
            guard attempt < Self.retirementAttempts, (try? await Task.sleep(for: .seconds(delay))) != nil else {
                return
            }
            delay = min(delay * 2, 30)
        }
    }

    /// With pauses doubling up to 30 s, about two and a half minutes of trying.
    static let retirementAttempts = 9
}
