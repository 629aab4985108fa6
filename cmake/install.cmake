# What `cmake --install` puts where, and the .deb CPack makes of it
# (`cpack -G DEB` in the build directory; scripts/package.sh builds and checks it).
include(GNUInstallDirs)

install(TARGETS rotproof rotproof-verify RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY schemas/ DESTINATION ${CMAKE_INSTALL_DATADIR}/rotproof/schemas)
install(FILES archiver/default_rules.yaml DESTINATION ${CMAKE_INSTALL_DATADIR}/rotproof)
install(PROGRAMS docs/cluster/rotproof-shard.sh docs/cluster/slurm-array.sbatch DESTINATION ${CMAKE_INSTALL_DATADIR}/rotproof/cluster)
install(FILES docs/cluster/k8s-indexed-job.yaml DESTINATION ${CMAKE_INSTALL_DATADIR}/rotproof/cluster)
install(FILES README.md docs/verify-codes.md docs/sites.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# Man pages from each program's own --help (help2man), and completion
# scripts from its own option definitions: neither can drift from the CLI.
set(ROTPROOF_COMMANDS archive restore localize check rescue report pack ls keygen)
set(generated ${CMAKE_BINARY_DIR}/share)
set(man_pages ${generated}/man/rotproof.1 ${generated}/man/rotproof-verify.1)
foreach(command ${ROTPROOF_COMMANDS})
  list(APPEND man_pages ${generated}/man/rotproof-${command}.1)
endforeach()
add_custom_command(
  OUTPUT ${man_pages}
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/make-man.sh $<TARGET_FILE:rotproof> $<TARGET_FILE:rotproof-verify>
          ${generated}/man ${PROJECT_VERSION} ${ROTPROOF_COMMANDS}
  DEPENDS rotproof rotproof-verify ${CMAKE_SOURCE_DIR}/scripts/make-man.sh
  COMMENT "man pages from --help")
set(completions ${generated}/bash-completion/rotproof ${generated}/bash-completion/rotproof-verify
                ${generated}/zsh/_rotproof ${generated}/zsh/_rotproof-verify)
add_custom_command(
  OUTPUT ${completions}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${generated}/bash-completion ${generated}/zsh
  COMMAND $<TARGET_FILE:rotproof> completion bash > ${generated}/bash-completion/rotproof
  COMMAND $<TARGET_FILE:rotproof-verify> --completion bash > ${generated}/bash-completion/rotproof-verify
  COMMAND $<TARGET_FILE:rotproof> completion zsh > ${generated}/zsh/_rotproof
  COMMAND $<TARGET_FILE:rotproof-verify> --completion zsh > ${generated}/zsh/_rotproof-verify
  DEPENDS rotproof rotproof-verify
  COMMENT "shell completions from the option definitions")
add_custom_target(rotproof_docs ALL DEPENDS ${man_pages} ${completions})
install(FILES ${man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${generated}/bash-completion/rotproof ${generated}/bash-completion/rotproof-verify
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${generated}/zsh/_rotproof ${generated}/zsh/_rotproof-verify
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME rotproof)
set(CPACK_PACKAGE_VENDOR rotproof)
set(CPACK_PACKAGE_CONTACT "rotproof maintainers <rotproof@invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "save web articles and their images before the links rot")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
# The Debian 12 libraries it links, found by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
include(CPack)
