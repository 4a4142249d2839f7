# cs_embed(OUT files...): generates a C++ file holding each file's bytes, looked up by a
# path relative to the source tree (or its base name for files outside it).
function(cs_embed out)
  set(list_file ${CMAKE_BINARY_DIR}/generated/embed_inputs.txt)
  string(REPLACE ";" "\n" content "${ARGN}")
  file(WRITE ${list_file}.tmp "${content}")
  file(COPY_FILE ${list_file}.tmp ${list_file} ONLY_IF_DIFFERENT)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DLIST=${list_file} -DROOT=${CMAKE_SOURCE_DIR}
            -P ${CMAKE_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${ARGN} ${list_file} ${CMAKE_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding templates, translations and migrations")
endfunction()
