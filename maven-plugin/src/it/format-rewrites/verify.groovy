def log = new File(basedir, 'build.log').getText('UTF-8')

assert log.contains('istiodsl: formatted mesh.istiodsl')
assert new File(basedir, 'mesh.istiodsl').getText('UTF-8') == '''mesh demo {
  revision r1 {
    istio 1.22.8
    profile default
  }  # the only one
}
'''
