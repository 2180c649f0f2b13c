def log = new File(basedir, 'build.log').getText('UTF-8')

// Both trees were written where their compile was told.
assert new File(basedir, 'deploy/istio/istiodsl.lock').getText('UTF-8').contains('1.24.6')
assert new File(basedir, 'gitops/istio/istiodsl.lock').getText('UTF-8').contains('1.22.8')

// validate with istiodsl.outputDirectory=gitops/istio compares with this mesh's own tree: nothing goes down.
// Only the last run, against the other mesh's tree in deploy/istio, sees 1.24.6 before 1.22.8.
assert (log =~ /error\[Upgrade\.Downgrade\]/).count == 1
assert log.contains("environment 'test' would go down from Istio 1.24.6 (its tree on disk) to r1 (Istio 1.22.8)")
assert (log =~ /BUILD SUCCESS/).count == 3
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/)
