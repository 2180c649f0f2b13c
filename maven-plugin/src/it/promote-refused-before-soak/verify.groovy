def log = new File(basedir, 'build.log').getText('UTF-8')

// Both dates, from the history; the promotion refused; nothing written.
assert log.contains("error[Promotion.SoakNotMet]: environment 'prod': tag 'stable' on 'r1' would reach prod on 2026-11-05 10:00 UTC, but preprod has had tag 'stable' on 'r1' only since 2026-11-02 10:00 UTC")
assert log.contains('3d of the 7d soak')
assert log.contains('error[Promote.Refused]')
assert !log.contains('rewritten and compiled')
assert new File(basedir, 'mesh.istiodsl').bytes == new File(basedir, 'mesh.before').bytes
assert !new File(basedir, 'deploy/istio/prod/tags').exists()
assert log.contains('BUILD FAILURE')
