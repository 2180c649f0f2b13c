def log = new File(basedir, 'build.log').getText('UTF-8')
def mesh = new File(basedir, 'mesh.istiodsl').getText('UTF-8')

// The plan is logged, the mesh file rewritten in place: new lines indented like their block, comments kept.
assert log.contains('istiodsl: promote prod: tag stable: (none) -> r1')
assert log.contains('istiodsl: promote prod: namespace apps: r1 -> stable')
assert mesh.contains('''    revisions r1                     # the only revision
    tag stable -> r1
    namespaces {
      apps -> stable                 # bound directly
''')
assert mesh.contains('# prod still binds its namespace to the revision itself')

// Then compiled: prod now has the tag's folder.
assert new File(basedir, 'deploy/istio/prod/tags/stable').isDirectory()
assert log.contains('mesh.istiodsl rewritten and compiled into')
assert log.contains('BUILD SUCCESS')
