def log = new File(basedir, 'build.log').getText('UTF-8')

// The Gateway istiod would refuse is found in the expanded tree and reported at the overlay line that added it.
assert log.contains('error[Istio.GatewayWithoutServers]')
assert log.contains("environment 'test', Gateway.networking.istio.io istio-ingress/public (base) at /spec/servers")
assert log.contains('mesh.istiodsl:7:5')

// Findings are grouped per environment with counts per severity; the suppressed one is counted, not failed on.
assert log.contains('istiodsl: environment test: 1 error, 0 warnings, 0 notes, 1 suppressed')
assert log.contains(' = suppressed: this test mesh is pinned to 1.22 on purpose')

// The reports: JSON for tools, JUnit XML for CI.
def json = new File(basedir, 'target/istiodsl/istiodsl-findings.json').getText('UTF-8')
assert json.contains('"id" : "Istio.GatewayWithoutServers"')
assert json.contains('"suppressed" : "this test mesh is pinned to 1.22 on purpose"')
def junit = new File(basedir, 'target/istiodsl/TEST-istiodsl.xml').getText('UTF-8')
assert junit.contains('<testsuite name="istiodsl.test" tests="2" failures="1" errors="0" skipped="1">')
assert junit.contains('<failure type="Istio.GatewayWithoutServers"')

// validate writes no tree, and a user mistake shows no stack trace.
assert !new File(basedir, 'deploy').exists()
assert log.contains('BUILD FAILURE')
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/)
