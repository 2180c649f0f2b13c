def log = new File(basedir, 'build.log').getText('UTF-8')
def reports = ['istiodsl-findings.json', 'TEST-istiodsl.xml'].collect {
    new File(basedir, 'target/istiodsl/' + it).getText('UTF-8')
}

// Each stage did talk about the Secrets...
assert log.contains('error[Kubernetes.WrongType]')
assert log.contains('error[Secret.Plaintext]')
assert log.contains('error[Secret.DataNotBase64]')
assert log.contains('error[Transform.PatchFailed]')

// ...and no value of theirs reached the log, or a report.
['987654321', 'planted-token-value', 'planted-guess-value', 'planted-password-value'].each { value ->
    assert !log.contains(value) : value + ' is in the build log'
    reports.each { report -> assert !report.contains(value) : value + ' is in a report' }
}
assert log.contains('BUILD FAILURE')
